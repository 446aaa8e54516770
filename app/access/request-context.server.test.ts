import { describe, expect, it } from "vitest";
import { REQUEST_ID_HEADER } from "~/auth/client-info.server";
import { getRequestContext } from "./request-context.server";

describe("the request context", () => {
  it("is resolved once per request, even though each loader gets its own copy of the Request", () => {
    const original = new Request("http://localhost/admin/people", { headers: { [REQUEST_ID_HEADER]: "request-one" } });
    const copy = new Request(original.url, original);
    expect(getRequestContext(copy)).toBe(getRequestContext(original));
  });

  it("is not shared between different requests", () => {
    const first = new Request("http://localhost/", { headers: { [REQUEST_ID_HEADER]: "request-two" } });
    const second = new Request("http://localhost/", { headers: { [REQUEST_ID_HEADER]: "request-three" } });
    expect(getRequestContext(first)).not.toBe(getRequestContext(second));
  });

  it("is nobody for a request without a session cookie", async () => {
    expect(await getRequestContext(new Request("http://localhost/"))).toBeNull();
  });
});
