import { describe, expect, it } from "vitest";
import { defineAbilityFor } from "#policies/ability";
import { can } from "./records.server";

// A supporter in a service's queue, and a request shared with that service by someone who named a colleague.
const supporter = defineAbilityFor({ id: "supporter", forceId: "force", unitId: null, level: 1, roles: ["STAFF_IDVA_LIAISON"] });
const sharedRequest = {
  id: "request",
  employeeId: "employee",
  status: "SUBMITTED",
  consents: [{ queueRole: "STAFF_IDVA_LIAISON", personId: null, shares: ["IDENTITY", "MESSAGE"], withdrawnAt: null }],
  overrides: [],
  risks: [],
};

describe("the guard's in-memory decision on a support request", () => {
  it("lets the supporter in when the request carries its conflict facts and they are outside the named colleague's chain", () => {
    const record = { ...sharedRequest, abuserPersonId: "colleague", abuserPerson: { chain: [] }, employee: { chain: [] } };
    expect(can(supporter, "read", "SupportRequest", record)).toBe(true);
  });

  it("keeps out a supporter in the named colleague's line chain", () => {
    const record = { ...sharedRequest, abuserPersonId: "colleague", abuserPerson: { chain: [{ ancestorId: "supporter" }] }, employee: { chain: [] } };
    expect(can(supporter, "read", "SupportRequest", record)).toBe(false);
  });

  it("refuses a request loaded without its conflict facts, which the rules alone would read as 'nobody named' and 'nobody above'", () => {
    expect(can(supporter, "read", "SupportRequest", sharedRequest)).toBe(false);
    expect(can(supporter, "read", "SupportRequest", { ...sharedRequest, abuserPersonId: "colleague" })).toBe(false);
    // Nor without the employee's own line chain (who is above them decides who may see a high-risk request).
    expect(can(supporter, "read", "SupportRequest", { ...sharedRequest, abuserPersonId: "colleague", abuserPerson: { chain: [] } })).toBe(false);
    // The rules on their own would have let the supporter in: the refusal is the guard's.
    expect(supporter.can("read", { ...sharedRequest, __caslSubjectType__: "SupportRequest" } as never)).toBe(true);
  });
});
