import { describe, expect, it } from "vitest";
import { Rank } from "~/generated/prisma/enums";
import { LEVEL, RANK_LABELS, RANKS_IN_ORDER, personLevel, rankLevel } from "./rank";

describe("rankLevel", () => {
  it("numbers the ranks 1 (constable) to 9 (chief constable) in the DOMAIN.md order", () => {
    expect(RANKS_IN_ORDER.map(rankLevel)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rankLevel("CONSTABLE")).toBe(1);
    expect(rankLevel("CHIEF_CONSTABLE")).toBe(9);
  });

  it("orders each rank strictly above the one below it", () => {
    const ordered: Rank[] = [
      "CONSTABLE",
      "SERGEANT",
      "INSPECTOR",
      "CHIEF_INSPECTOR",
      "SUPERINTENDENT",
      "CHIEF_SUPERINTENDENT",
      "ASSISTANT_CHIEF_CONSTABLE",
      "DEPUTY_CHIEF_CONSTABLE",
      "CHIEF_CONSTABLE",
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(rankLevel(ordered[i]!)).toBeGreaterThan(rankLevel(ordered[i - 1]!));
    }
  });

  it("covers every rank in the schema, each with a label", () => {
    const all = Object.values(Rank);
    expect([...RANKS_IN_ORDER].sort()).toEqual([...all].sort());
    for (const rank of all) {
      expect(rankLevel(rank)).toBeGreaterThanOrEqual(1);
      expect(RANK_LABELS[rank]).toBeTruthy();
    }
  });

  it("exposes the thresholds the referral rules use", () => {
    expect(LEVEL.INSPECTOR).toBe(rankLevel("INSPECTOR"));
    expect(LEVEL.CHIEF_INSPECTOR).toBe(rankLevel("CHIEF_INSPECTOR"));
    expect(rankLevel("SERGEANT")).toBeLessThan(LEVEL.INSPECTOR);
    expect(rankLevel("INSPECTOR")).toBeLessThan(LEVEL.CHIEF_INSPECTOR);
  });
});

describe("personLevel", () => {
  it("uses an officer's rank", () => {
    expect(personLevel({ rank: "INSPECTOR" })).toBe(3);
    expect(personLevel({ rank: "ASSISTANT_CHIEF_CONSTABLE", staffGrade: null })).toBe(7);
  });

  it("uses a staff member's grade's equivalent rank", () => {
    expect(personLevel({ rank: null, staffGrade: { equivalentRank: "CONSTABLE" } })).toBe(1);
    expect(personLevel({ rank: null, staffGrade: { equivalentRank: "INSPECTOR" } })).toBe(LEVEL.INSPECTOR);
    expect(personLevel({ rank: null, staffGrade: { equivalentRank: "CHIEF_INSPECTOR" } })).toBe(LEVEL.CHIEF_INSPECTOR);
    expect(personLevel({ rank: null, staffGrade: { equivalentRank: "CHIEF_SUPERINTENDENT" } })).toBe(6);
  });

  it("puts a staff grade equivalent to inspector on a par with an inspector, and above a sergeant", () => {
    const staffInspector = personLevel({ rank: null, staffGrade: { equivalentRank: "INSPECTOR" } });
    expect(staffInspector).toBe(personLevel({ rank: "INSPECTOR" }));
    expect(staffInspector).toBeGreaterThan(personLevel({ rank: "SERGEANT" }));
  });

  it("prefers the rank when both are present", () => {
    expect(personLevel({ rank: "SUPERINTENDENT", staffGrade: { equivalentRank: "CONSTABLE" } })).toBe(5);
  });

  it("treats someone with neither rank nor grade as level 1", () => {
    expect(personLevel({ rank: null })).toBe(1);
    expect(personLevel({ rank: null, staffGrade: null })).toBe(1);
  });
});
