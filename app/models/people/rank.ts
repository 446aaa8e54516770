import type { Rank } from "~/generated/prisma/enums";

/** Ranks in order (DOMAIN.md "Ranks that matter"); a rank's level is its position, constable = 1. */
export const RANKS_IN_ORDER = [
  "CONSTABLE",
  "SERGEANT",
  "INSPECTOR",
  "CHIEF_INSPECTOR",
  "SUPERINTENDENT",
  "CHIEF_SUPERINTENDENT",
  "ASSISTANT_CHIEF_CONSTABLE",
  "DEPUTY_CHIEF_CONSTABLE",
  "CHIEF_CONSTABLE",
] as const satisfies readonly Rank[];

export const RANK_LABELS: Record<Rank, string> = {
  CONSTABLE: "Constable",
  SERGEANT: "Sergeant",
  INSPECTOR: "Inspector",
  CHIEF_INSPECTOR: "Chief inspector",
  SUPERINTENDENT: "Superintendent",
  CHIEF_SUPERINTENDENT: "Chief superintendent",
  ASSISTANT_CHIEF_CONSTABLE: "Commander / assistant chief constable",
  DEPUTY_CHIEF_CONSTABLE: "Deputy chief constable",
  CHIEF_CONSTABLE: "Chief constable",
};

export function rankLevel(rank: Rank): number {
  return RANKS_IN_ORDER.indexOf(rank) + 1;
}

export const LEVEL = {
  INSPECTOR: rankLevel("INSPECTOR"),
  CHIEF_INSPECTOR: rankLevel("CHIEF_INSPECTOR"),
  ASSISTANT_CHIEF_CONSTABLE: rankLevel("ASSISTANT_CHIEF_CONSTABLE"),
} as const;

/** The level a person is treated as holding: their rank's, or for police staff their grade's equivalent rank's. */
export function personLevel(person: { rank: Rank | null; staffGrade?: { equivalentRank: Rank } | null }): number {
  if (person.rank) return rankLevel(person.rank);
  if (person.staffGrade) return rankLevel(person.staffGrade.equivalentRank);
  return 1;
}
