// The referral rules as a table of scenarios: each row is a situation from the policy text and who must be told.
// People are named by what they are ("npcc", "dacoord2"), so a reader can check each row against the policy.
import { describe, expect, it } from "vitest";
import {
  isNotice,
  NOTICE_ROLES,
  recipientFor,
  REFERRAL_ROLES,
  REFERRAL_STEP_KINDS,
  stepsAtReport,
  stepsOnAcceptance,
  type ChainFacts,
  type PlannedStep,
  type ReferralRole,
} from "./rules";

/** A small force: two of most roles, so there is always a "next eligible holder" to fall back to. */
function organisation(overrides: Partial<ChainFacts> = {}): ChainFacts {
  return {
    excluded: new Set(["suspect"]),
    suspectPersonId: "suspect",
    suspectIsOtherForce: false,
    childrenInvolved: false,
    supervisors: ["inspector-own-chain", "duty-inspector", "other-inspector"],
    areaCommanders: ["area-commander", "deputy-commander", "other-area-commander"],
    npccOfficers: ["npcc"],
    chiefOfficers: ["chief"],
    daCoordinators: ["dacoord", "dacoord2"],
    caiuSupervisors: ["caiu"],
    psd: ["psd-head", "psd-officer"],
    suspectCommanders: ["suspects-commander", "suspects-commanders-manager"],
    pccMailbox: "pcc@example.invalid",
    employerNpccMailbox: null,
    ...overrides,
  };
}

/** "role → recipient" for a chain, people by id, mailboxes as "mail:…", nobody as "NONE". */
function routed(steps: PlannedStep[]): Partial<Record<ReferralRole, string>> {
  return Object.fromEntries(
    steps.map((step) => [
      step.role,
      step.recipient.kind === "person" ? step.recipient.personId : step.recipient.kind === "mailbox" ? `mail:${step.recipient.address}` : "NONE",
    ]),
  );
}

function wholeChain(facts: ChainFacts) {
  return [...stepsAtReport(facts), ...stepsOnAcceptance(facts)];
}

interface Scenario {
  name: string;
  facts: Partial<ChainFacts>;
  expected: Partial<Record<ReferralRole, string>>;
}

const ORDINARY = {
  SUPERVISING_OFFICER: "inspector-own-chain",
  LOCAL_COMMANDER: "area-commander",
  NPCC_OFFICER: "npcc",
  DA_COORDINATOR: "dacoord",
  PROFESSIONAL_STANDARDS: "psd-head",
  SUSPECT_COMMANDER: "suspects-commander",
};

const SCENARIOS: Scenario[] = [
  { name: "a constable of this force is the suspect, no children", facts: {}, expected: ORDINARY },
  { name: "children are involved: the CAIU supervisor too", facts: { childrenInvolved: true }, expected: { ...ORDINARY, CAIU_SUPERVISOR: "caiu" } },
  {
    name: "the suspect is the nominated NPCC officer: the chief officer in their place",
    facts: { suspectPersonId: "npcc", excluded: new Set(["npcc"]) },
    expected: { ...ORDINARY, NPCC_OFFICER: "chief" },
  },
  {
    name: "the suspect is the chief officer: directly to the PCC, at once",
    facts: { suspectPersonId: "chief", excluded: new Set(["chief"]) },
    expected: { ...ORDINARY, POLICE_AND_CRIME_COMMISSIONER: "mail:pcc@example.invalid" },
  },
  {
    name: "the suspect is the chief officer and no PCC mailbox is configured: a step with no recipient, never dropped",
    facts: { suspectPersonId: "chief", excluded: new Set(["chief"]), pccMailbox: null },
    expected: { ...ORDINARY, POLICE_AND_CRIME_COMMISSIONER: "NONE" },
  },
  {
    name: "the suspect is the DA coordinator: the next DA coordinator",
    facts: { suspectPersonId: "dacoord", excluded: new Set(["dacoord"]) },
    expected: { ...ORDINARY, DA_COORDINATOR: "dacoord2" },
  },
  {
    name: "the suspect is the only CAIU supervisor, children involved: nobody eligible, shown and alerted",
    facts: { suspectPersonId: "caiu", excluded: new Set(["caiu"]), childrenInvolved: true },
    expected: { ...ORDINARY, CAIU_SUPERVISOR: "NONE" },
  },
  {
    name: "the suspect is the head of PSD: another PSD officer",
    facts: { suspectPersonId: "psd-head", excluded: new Set(["psd-head"]) },
    expected: { ...ORDINARY, PROFESSIONAL_STANDARDS: "psd-officer" },
  },
  {
    name: "the suspect is the area commander: their deputy; the notice goes one level up",
    facts: { suspectPersonId: "area-commander", excluded: new Set(["area-commander"]), suspectCommanders: ["area-commander", "acc"] },
    expected: { ...ORDINARY, LOCAL_COMMANDER: "deputy-commander", SUSPECT_COMMANDER: "acc" },
  },
  {
    name: "the suspect's commander is in the suspect's line chain: never told, the next commander up who is not",
    facts: { excluded: new Set(["suspect", "suspects-commander"]) },
    expected: { ...ORDINARY, SUSPECT_COMMANDER: "suspects-commanders-manager" },
  },
  {
    name: "every commander above the suspect is in their line chain: no notice at all, shown as a gap",
    facts: { excluded: new Set(["suspect", "suspects-commander", "suspects-commanders-manager"]) },
    expected: { ...ORDINARY, SUSPECT_COMMANDER: "NONE" },
  },
  {
    name: "the area commander and deputy are in the suspect's line chain: another area's commander",
    facts: { excluded: new Set(["suspect", "area-commander", "deputy-commander", "inspector-own-chain"]) },
    expected: { ...ORDINARY, SUPERVISING_OFFICER: "duty-inspector", LOCAL_COMMANDER: "other-area-commander" },
  },
  {
    name: "the suspect is the duty inspector the report would go to: the next eligible supervisor",
    facts: { suspectPersonId: "inspector-own-chain", excluded: new Set(["inspector-own-chain"]) },
    expected: { ...ORDINARY, SUPERVISING_OFFICER: "duty-inspector" },
  },
  {
    name: "children involved and the suspect works for another force: CAIU, and the employer force's NPCC officer by mail",
    facts: {
      suspectPersonId: null,
      excluded: new Set(),
      suspectIsOtherForce: true,
      childrenInvolved: true,
      employerNpccMailbox: "npcc@westvale.invalid",
      suspectCommanders: [],
    },
    expected: { ...ORDINARY, CAIU_SUPERVISOR: "caiu", EMPLOYER_FORCE_NPCC: "mail:npcc@westvale.invalid", SUSPECT_COMMANDER: undefined },
  },
  {
    name: "another force's suspect, no NPCC contact recorded for that force: no recipient",
    facts: { suspectPersonId: null, excluded: new Set(), suspectIsOtherForce: true, employerNpccMailbox: null, suspectCommanders: [] },
    expected: { ...ORDINARY, EMPLOYER_FORCE_NPCC: "NONE", SUSPECT_COMMANDER: undefined },
  },
  {
    name: "no nominated NPCC officer configured, no commander for the area: steps with no recipient",
    facts: { npccOfficers: [], areaCommanders: [] },
    expected: { ...ORDINARY, NPCC_OFFICER: "NONE", LOCAL_COMMANDER: "NONE" },
  },
  {
    name: "the suspect is the NPCC officer and also the chief officer: the PCC at once, and nobody eligible in the NPCC's place",
    facts: { suspectPersonId: "npcc", excluded: new Set(["npcc"]), chiefOfficers: ["npcc"] },
    expected: { ...ORDINARY, POLICE_AND_CRIME_COMMISSIONER: "mail:pcc@example.invalid", NPCC_OFFICER: "NONE" },
  },
  {
    name: "the nominated NPCC officer is the suspect's line manager: the chief officer in their place",
    facts: { excluded: new Set(["suspect", "npcc"]) },
    expected: { ...ORDINARY, NPCC_OFFICER: "chief" },
  },
  {
    name: "the NPCC officer and the chief officer are both above the suspect (no rank is exempt): the PCC in their place",
    facts: { excluded: new Set(["suspect", "npcc", "chief"]) },
    expected: { ...ORDINARY, NPCC_OFFICER: "mail:pcc@example.invalid" },
  },
  {
    name: "the suspect is the NPCC officer and the chief officer is their manager: the PCC in their place",
    facts: { suspectPersonId: "npcc", excluded: new Set(["npcc", "chief"]) },
    expected: { ...ORDINARY, NPCC_OFFICER: "mail:pcc@example.invalid" },
  },
  {
    name: "the suspect is the DA coordinator, children involved, and the suspect's chain holds the area commander",
    facts: { suspectPersonId: "dacoord", excluded: new Set(["dacoord", "area-commander"]), childrenInvolved: true },
    expected: { ...ORDINARY, DA_COORDINATOR: "dacoord2", CAIU_SUPERVISOR: "caiu", LOCAL_COMMANDER: "deputy-commander" },
  },
];

describe("the referral rules, scenario by scenario", () => {
  it.each(SCENARIOS)("$name", ({ facts, expected }) => {
    const chain = routed(wholeChain(organisation(facts)));
    const want = Object.fromEntries(Object.entries(expected).filter(([, who]) => who !== undefined));
    expect(chain).toEqual(want);
  });

  it("never routes a referral to the suspect or anyone in their line chain, in any scenario (the notice never to the suspect)", () => {
    let referrals = 0;
    for (const { facts } of SCENARIOS) {
      const built = organisation(facts);
      for (const step of wholeChain(built)) {
        if (step.recipient.kind !== "person") continue;
        if (step.role === "SUSPECT_COMMANDER") expect(step.recipient.personId).not.toBe(built.suspectPersonId);
        else expect(built.excluded.has(step.recipient.personId), `${step.role} → ${step.recipient.personId}`).toBe(false);
        referrals++;
      }
    }
    expect(referrals).toBeGreaterThan(80);
  });

  it("explains each substitution, and marks what needs acknowledging", () => {
    const npccSuspect = stepsOnAcceptance(organisation({ suspectPersonId: "npcc", excluded: new Set(["npcc"]) }));
    expect(npccSuspect.find((step) => step.role === "NPCC_OFFICER")?.substitution).toMatch(/chief officer receives it in their place/);
    const daSuspect = stepsOnAcceptance(organisation({ suspectPersonId: "dacoord", excluded: new Set(["dacoord"]) }));
    expect(daSuspect.find((step) => step.role === "DA_COORDINATOR")?.substitution).toMatch(/next eligible holder/);
    expect(stepsOnAcceptance(organisation()).find((step) => step.role === "DA_COORDINATOR")?.substitution).toBeNull();
    const ordinary = wholeChain(organisation());
    expect(ordinary.filter((step) => step.needsAcknowledgement).map((step) => step.role)).toEqual([
      "SUPERVISING_OFFICER",
      "LOCAL_COMMANDER",
      "NPCC_OFFICER",
      "DA_COORDINATOR",
      "PROFESSIONAL_STANDARDS",
    ]);
    expect(ordinary.find((step) => step.role === "SUSPECT_COMMANDER")?.needsAcknowledgement).toBe(false);
  });

  it("knows each step as a referral or a notice: the suspect's commander's is the one notice, and a notice is never acknowledged", () => {
    expect(Object.keys(REFERRAL_STEP_KINDS).sort()).toEqual([...REFERRAL_ROLES].sort());
    expect(NOTICE_ROLES).toEqual(["SUSPECT_COMMANDER"]);
    for (const step of wholeChain(organisation())) if (isNotice(step.role)) expect(step.needsAcknowledgement, step.role).toBe(false);
  });

  it("escalates to the next eligible holder not yet tried, and to nobody once every holder has had it", () => {
    const facts = organisation();
    expect(recipientFor("DA_COORDINATOR", facts, new Set(["dacoord"])).recipient).toEqual({ kind: "person", personId: "dacoord2" });
    expect(recipientFor("DA_COORDINATOR", facts, new Set(["dacoord", "dacoord2"])).recipient.kind).toBe("none");
    expect(recipientFor("SUPERVISING_OFFICER", facts, new Set(["inspector-own-chain"])).recipient).toEqual({ kind: "person", personId: "duty-inspector" });
    expect(recipientFor("LOCAL_COMMANDER", facts, new Set(["area-commander"])).recipient).toEqual({ kind: "person", personId: "deputy-commander" });
  });
});
