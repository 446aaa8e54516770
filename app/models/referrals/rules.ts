// The immediate referral chain for a report naming a police employee as the suspect, as the national guidance sets it
// out ("Immediate referral" and "Inter-force arrangements"). Pure: it decides from facts the caller has read from the
// organisation data, so it can be checked against the policy text line by line and tested as a table of scenarios.
//
//   Policy text                                                        | Here
//   -------------------------------------------------------------------|---------------------------------------------
//   the first recipient ... should immediately refer the matter to a   | supervisingOfficerStep (stage 1)
//   supervising officer, normally of the rank of inspector or above    |
//   the supervising officer should pass the information to all of:    | stepsOnAcceptance (stage 2)
//     commander for the local policing area                            |   LOCAL_COMMANDER
//     nominated NPCC officer                                           |   NPCC_OFFICER
//     DA coordinator/supervisor and, where applicable, the CAIU        |   DA_COORDINATOR, CAIU_SUPERVISOR (children)
//     professional standards department (PSD)                          |   PROFESSIONAL_STANDARDS
//   if the suspect is the nominated NPCC officer, ... the chief officer| NPCC_OFFICER step goes to a chief officer
//   (and the NPCC officer or chief officer in the suspect's chain)     |   (or, both conflicted, to the PCC's mailbox)
//   if the suspect is the chief officer, ... directly to the PCC       | PCC step, at once (stage 1)
//   inter-force: our NPCC officer reports to the employer force's NPCC | EMPLOYER_FORCE_NPCC (stage 2), and the
//   officer and makes sure its PSD is regularly updated                |   update cadence on the case
//   commanders are notified of allegations against their staff         | SUSPECT_COMMANDER notice (stage 2)
//
// Nobody who is the suspect or in the suspect's line-management chain ever receives a referral: such a holder is
// skipped and the next eligible holder of the role (their deputy first, where one is known) receives it instead.

export const REFERRAL_ROLES = [
  "SUPERVISING_OFFICER",
  "POLICE_AND_CRIME_COMMISSIONER",
  "LOCAL_COMMANDER",
  "NPCC_OFFICER",
  "DA_COORDINATOR",
  "CAIU_SUPERVISOR",
  "PROFESSIONAL_STANDARDS",
  "EMPLOYER_FORCE_NPCC",
  "SUSPECT_COMMANDER",
] as const;
export type ReferralRole = (typeof REFERRAL_ROLES)[number];

/**
 * Each role's kind of step. A referral passes the report on and must reach someone: until every referral has been
 * acknowledged or delivered, the case is not fully referred. A notice only informs (the suspect's commander is told that
 * an allegation was made: no case content, no access, nothing to acknowledge or be reminded of), so a notice with
 * nobody it may go to never holds up the full referral; PSD sees that gap on the case.
 */
export const REFERRAL_STEP_KINDS: Record<ReferralRole, "referral" | "notice"> = {
  SUPERVISING_OFFICER: "referral",
  POLICE_AND_CRIME_COMMISSIONER: "referral",
  LOCAL_COMMANDER: "referral",
  NPCC_OFFICER: "referral",
  DA_COORDINATOR: "referral",
  CAIU_SUPERVISOR: "referral",
  PROFESSIONAL_STANDARDS: "referral",
  EMPLOYER_FORCE_NPCC: "referral",
  SUSPECT_COMMANDER: "notice",
};

export function isNotice(role: ReferralRole): boolean {
  return REFERRAL_STEP_KINDS[role] === "notice";
}

/** The roles whose steps are notices, for queries. */
export const NOTICE_ROLES: readonly ReferralRole[] = REFERRAL_ROLES.filter(isNotice);

/** The policy each step carries out, in the portal's words; shown on the timeline next to each step. */
export const REFERRAL_RULE_TEXT: Record<ReferralRole, string> = {
  SUPERVISING_OFFICER: "The first recipient refers the report at once to a supervising officer of inspector rank or above.",
  POLICE_AND_CRIME_COMMISSIONER: "The suspect is the chief officer, so the report goes directly to the police and crime commissioner.",
  LOCAL_COMMANDER: "The supervising officer passes the report to the commander for the local policing area.",
  NPCC_OFFICER: "The supervising officer passes the report to the nominated NPCC officer.",
  DA_COORDINATOR: "The supervising officer passes the report to the domestic abuse coordinator.",
  CAIU_SUPERVISOR: "Children are involved, so the supervising officer passes the report to the CAIU supervisor.",
  PROFESSIONAL_STANDARDS: "The supervising officer passes the report to professional standards.",
  EMPLOYER_FORCE_NPCC: "The suspect works for another force: our nominated NPCC officer reports to that force's nominated NPCC officer.",
  SUSPECT_COMMANDER: "The suspect's commander is told that an allegation has been made against someone in their command.",
};

export const REFERRAL_ROLE_LABELS: Record<ReferralRole, string> = {
  SUPERVISING_OFFICER: "Supervising officer",
  POLICE_AND_CRIME_COMMISSIONER: "Police and crime commissioner",
  LOCAL_COMMANDER: "Local policing commander",
  NPCC_OFFICER: "Nominated NPCC officer",
  DA_COORDINATOR: "Domestic abuse coordinator",
  CAIU_SUPERVISOR: "CAIU supervisor",
  PROFESSIONAL_STANDARDS: "Professional standards",
  EMPLOYER_FORCE_NPCC: "Employer force's NPCC officer",
  SUSPECT_COMMANDER: "Suspect's commander (notice only)",
};

/** Who can receive a step: a person in the directory, an external mailbox (reached by mail only), or nobody yet. */
export type Recipient = { kind: "person"; personId: string } | { kind: "mailbox"; address: string } | { kind: "none"; missing: string };

export interface PlannedStep {
  role: ReferralRole;
  stage: 1 | 2;
  recipient: Recipient;
  /** Why this recipient and not the usual holder (e.g. "the suspect is the nominated NPCC officer"), if so. */
  substitution: string | null;
  /** Whether the recipient must acknowledge (people) or the step is done once the mail is queued (mailboxes, notices). */
  needsAcknowledgement: boolean;
}

/** Everything the rules need, read from the organisation data by the caller. Lists are in order of precedence. */
export interface ChainFacts {
  /** The suspect and everyone in their line-management chain, at every rank (recorded at intake and as it is now). */
  excluded: ReadonlySet<string>;
  suspectPersonId: string | null;
  suspectIsOtherForce: boolean;
  childrenInvolved: boolean;
  /** Eligible supervising officers in the order they should be asked (the first recipient's choice first). */
  supervisors: readonly string[];
  /** The local policing area's commander, their deputy, then the other area commanders of the force. */
  areaCommanders: readonly string[];
  npccOfficers: readonly string[];
  chiefOfficers: readonly string[];
  daCoordinators: readonly string[];
  caiuSupervisors: readonly string[];
  /** The head of PSD first, then PSD officers. */
  psd: readonly string[];
  /** The commander of the suspect's unit, then up their line chain (for the notice). */
  suspectCommanders: readonly string[];
  pccMailbox: string | null;
  employerNpccMailbox: string | null;
}

/** The first holder who is neither excluded (the suspect and their chain) nor already tried on this step. */
export function firstEligible(candidates: readonly string[], excluded: ReadonlySet<string>, tried: ReadonlySet<string> = new Set()): string | null {
  for (const id of candidates) if (!excluded.has(id) && !tried.has(id)) return id;
  return null;
}

function toPerson(id: string | null, missing: string): Recipient {
  return id ? { kind: "person", personId: id } : { kind: "none", missing };
}

/** Stage 1: the supervising officer, and the PCC at once when the suspect is the chief officer. */
export function stepsAtReport(facts: ChainFacts, tried: ReadonlySet<string> = new Set()): PlannedStep[] {
  const steps: PlannedStep[] = [recipientFor("SUPERVISING_OFFICER", facts, tried)];
  if (suspectIsChiefOfficer(facts)) steps.push(recipientFor("POLICE_AND_CRIME_COMMISSIONER", facts, tried));
  return steps;
}

/** Stage 2: everyone the supervising officer passes the report to when they accept it. */
export function stepsOnAcceptance(facts: ChainFacts, tried: ReadonlySet<string> = new Set()): PlannedStep[] {
  const roles: ReferralRole[] = ["LOCAL_COMMANDER", "NPCC_OFFICER", "DA_COORDINATOR"];
  if (facts.childrenInvolved) roles.push("CAIU_SUPERVISOR");
  roles.push("PROFESSIONAL_STANDARDS");
  if (facts.suspectIsOtherForce) roles.push("EMPLOYER_FORCE_NPCC");
  else if (facts.suspectPersonId) roles.push("SUSPECT_COMMANDER");
  return roles.map((role) => recipientFor(role, facts, tried));
}

function suspectIsChiefOfficer(facts: ChainFacts): boolean {
  return facts.suspectPersonId !== null && facts.chiefOfficers.includes(facts.suspectPersonId);
}

function suspectIsNpccOfficer(facts: ChainFacts): boolean {
  return facts.suspectPersonId !== null && facts.npccOfficers.includes(facts.suspectPersonId);
}

/**
 * Who receives a step of this role now: the first eligible holder not yet tried (for an escalation or a declared
 * conflict, `tried` holds everyone who had it before). Used for the first send and for every replacement.
 */
export function recipientFor(role: ReferralRole, facts: ChainFacts, tried: ReadonlySet<string> = new Set()): PlannedStep {
  const step = (stage: 1 | 2, recipient: Recipient, substitution: string | null = null, needsAcknowledgement = recipient.kind === "person"): PlannedStep => ({
    role,
    stage,
    recipient,
    substitution,
    needsAcknowledgement,
  });
  const skipped = (candidates: readonly string[]) => candidates.some((id) => facts.excluded.has(id));
  const substitutionNote = (candidates: readonly string[], chosen: string | null) =>
    chosen && skipped(candidates.slice(0, Math.max(0, candidates.indexOf(chosen))))
      ? "The usual holder is the suspect or in the suspect's line-management chain, so the next eligible holder receives it."
      : null;
  const pick = (stage: 1 | 2, candidates: readonly string[], missing: string) => {
    const chosen = firstEligible(candidates, facts.excluded, tried);
    return step(stage, toPerson(chosen, missing), substitutionNote(candidates, chosen));
  };

  switch (role) {
    case "SUPERVISING_OFFICER":
      return pick(1, facts.supervisors, "No eligible supervising officer of inspector rank or above");
    case "POLICE_AND_CRIME_COMMISSIONER":
      return step(
        1,
        facts.pccMailbox
          ? { kind: "mailbox", address: facts.pccMailbox }
          : { kind: "none", missing: "No police and crime commissioner's mailbox is configured" },
        null,
        false,
      );
    case "LOCAL_COMMANDER":
      return pick(2, facts.areaCommanders, "No eligible commander for the local policing area");
    case "NPCC_OFFICER": {
      // The chain has no exemption for rank: a nominated NPCC officer above the suspect is conflicted like anyone.
      const npccConflicted = facts.npccOfficers.length > 0 && facts.npccOfficers.every((id) => facts.excluded.has(id));
      if (!suspectIsNpccOfficer(facts) && !npccConflicted) return pick(2, facts.npccOfficers, "No nominated NPCC officer is configured");
      const why = suspectIsNpccOfficer(facts)
        ? "The suspect is the nominated NPCC officer"
        : "The nominated NPCC officer is in the suspect's line-management chain";
      const chief = firstEligible(facts.chiefOfficers, facts.excluded, tried);
      if (chief) return step(2, toPerson(chief, ""), `${why}, so the chief officer receives it in their place.`);
      // The chief officer is conflicted too (they head every chain in the force): the PCC, as when the chief officer
      // is the suspect; a suspect who is the chief officer has already been reported to the PCC at stage 1.
      if (suspectIsChiefOfficer(facts) || !facts.pccMailbox) {
        return step(2, toPerson(null, "No eligible chief officer to receive it in the NPCC officer's place"), `${why}, and so is the chief officer.`);
      }
      return step(
        2,
        { kind: "mailbox", address: facts.pccMailbox },
        `${why}, and so is the chief officer: the police and crime commissioner receives it in their place.`,
        false,
      );
    }
    case "DA_COORDINATOR":
      return pick(2, facts.daCoordinators, "No eligible domestic abuse coordinator");
    case "CAIU_SUPERVISOR":
      return pick(2, facts.caiuSupervisors, "No eligible CAIU supervisor");
    case "PROFESSIONAL_STANDARDS":
      return pick(2, facts.psd, "No eligible professional standards officer");
    case "EMPLOYER_FORCE_NPCC":
      return step(
        2,
        facts.employerNpccMailbox
          ? { kind: "mailbox", address: facts.employerNpccMailbox }
          : { kind: "none", missing: "No NPCC contact is recorded for the suspect's force" },
        null,
        false,
      );
    case "SUSPECT_COMMANDER": {
      // A notice, not a referral: it gives no access to the case, but it does tell its reader that someone in their
      // command is accused. A commander in the suspect's conflict set (the suspect, their line chain as it is now, a
      // recorded conflict) is never told: the next commander up who is not, or nobody (shown to PSD as a gap).
      const chosen = firstEligible(facts.suspectCommanders, facts.excluded, tried);
      const usual = facts.suspectCommanders[0];
      return step(
        2,
        toPerson(
          chosen,
          facts.suspectCommanders.length === 0
            ? "No commander is recorded for the suspect's unit"
            : "Every commander above the suspect is the suspect or in their line-management chain",
        ),
        chosen && chosen !== usual
          ? usual === facts.suspectPersonId
            ? "The suspect is their unit's commander, so the next commander up is told."
            : "The suspect's commander is in the suspect's line-management chain, so the next commander up who is not is told."
          : null,
        false,
      );
    }
  }
}

/** The default escalation windows, in minutes (configurable: REFERRAL_SUPERVISOR_MINUTES, REFERRAL_OTHERS_MINUTES). */
export const DEFAULT_ACKNOWLEDGE_WITHIN_MINUTES = { supervisingOfficer: 60, others: 240 } as const;

export function acknowledgeWithinMinutes(role: ReferralRole, windows: { supervisingOfficer: number; others: number }): number {
  return role === "SUPERVISING_OFFICER" ? windows.supervisingOfficer : windows.others;
}
