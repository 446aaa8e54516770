// `/records?show=constructor` reached Prisma with Object's constructor as a filter and answered 500 (issue 16).
import { describe, expect, it } from "vitest";
import { oversightFilter } from "./oversight.server";

describe("oversightFilter", () => {
  it("gives the filter a name stands for", () => {
    expect(oversightFilter("open")?.where).toEqual({ status: "OPEN" });
  });

  it("gives nothing for a property every object has, or an unknown name", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "", "no-such-filter"]) expect(oversightFilter(name), name).toBeUndefined();
  });
});
