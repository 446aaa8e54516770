import { badRequest } from "~/access/errors.server";

const YEAR = /^\d{4}$/;
const AREA = /^(all|[0-9a-f-]{36})$/;

/** The period and area asked for in the address; an unknown area is the whole force, a malformed one a 400. */
export function figuresQuery(url: URL, now = new Date()): { year: number; area: string } {
  const yearParam = url.searchParams.get("year") ?? "";
  const areaParam = url.searchParams.get("area") ?? "all";
  const thisYear = now.getUTCFullYear();
  const year = yearParam === "" ? thisYear : YEAR.test(yearParam) ? Number(yearParam) : NaN;
  if (!Number.isInteger(year) || year < thisYear - 10 || year > thisYear) badRequest("There are no figures for that period");
  if (!AREA.test(areaParam)) badRequest("There are no figures for that area");
  return { year, area: areaParam };
}
