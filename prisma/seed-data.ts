// The demo organisation, as plain data. EVERYTHING HERE IS FICTIONAL: the forces, units, people, emails and
// collar numbers are invented for demonstration and testing. Emails use the reserved `.invalid` top-level domain
// (RFC 2606), so nothing can ever be delivered to them.
//
// prisma/seed.ts writes this into a database; docs/demo-accounts.md is rendered from it
// (`npx tsx prisma/seed.ts --write-docs`), and tests/unit/seed-data.test.ts checks its invariants.
import type { EmployeeType, Rank, Role, UnitKind } from "../app/generated/prisma/enums.ts";
import { RANK_LABELS } from "../app/models/people/rank.ts";
import { ROLE_LABELS } from "../app/models/people/roles.ts";
import { PRIVILEGED_ROLES } from "../app/models/people/proposal-rules.ts";
import { demoTotpSecret } from "./demo-second-factors.ts";

/** DEMO ONLY. Every demo account shares this password; never use the demo data on a real deployment. */
export const DEMO_PASSWORD = "Demo-Portal-2026!";

export interface SeedForce {
  key: string;
  name: string;
  shortName: string;
  isHome: boolean;
  npccContactEmail: string;
  psdContactEmail: string;
  /** Home force only: the police and crime commissioner's office (fictional). */
  pccContactEmail?: string;
}

export interface SeedStaffGrade {
  code: string;
  title: string;
  equivalentRank: Rank;
}

export interface SeedUnit {
  key: string;
  force: string;
  name: string;
  kind: UnitKind;
  /** Key of the person who commands the unit. */
  commander?: string;
}

export interface SeedPerson {
  key: string;
  force: string;
  unit?: string;
  /** Key of the person's line manager. */
  lineManager?: string;
  firstName: string;
  lastName: string;
  preferredName?: string;
  pronouns?: string;
  workEmail: string;
  employeeType: EmployeeType;
  /** Officers only. */
  rank?: Rank;
  /** Police staff only. */
  staffGradeCode?: string;
  collarNumber?: string;
  /** Shown in the demo-accounts document only (the schema has no job title). */
  jobTitle: string;
  roles: Role[];
  /** Gets a credential with DEMO_PASSWORD. Only home-force people can sign in. */
  canSignIn: boolean;
  /** One line: what to try when signed in as this persona (or what the person is for). */
  whatToTry: string;
  /** A privileged account seeded WITHOUT its fixed demo TOTP secret: it must enrol at first sign-in. */
  withoutSecondFactor?: true;
}

export const HOME_FORCE_KEY = "northshire";

export const FORCES: SeedForce[] = [
  {
    key: "northshire",
    name: "Northshire Constabulary (fictional)",
    shortName: "Northshire",
    isHome: true,
    npccContactEmail: "npcc@northshire.police.invalid",
    psdContactEmail: "psd@northshire.police.invalid",
    pccContactEmail: "office@northshire-pcc.invalid",
  },
  {
    key: "westvale",
    name: "Westvale Police (fictional)",
    shortName: "Westvale",
    isHome: false,
    npccContactEmail: "npcc@westvale.police.invalid",
    psdContactEmail: "psd@westvale.police.invalid",
  },
  {
    key: "eastmoor",
    name: "Eastmoor Constabulary (fictional)",
    shortName: "Eastmoor",
    isHome: false,
    npccContactEmail: "npcc@eastmoor.police.invalid",
    psdContactEmail: "psd@eastmoor.police.invalid",
  },
];

export const HOME_FORCE: SeedForce = FORCES.find((force) => force.key === HOME_FORCE_KEY)!;

export const STAFF_GRADES: SeedStaffGrade[] = [
  { code: "PS-A", title: "Staff grade A (equivalent to constable)", equivalentRank: "CONSTABLE" },
  { code: "PS-B", title: "Staff grade B (equivalent to constable)", equivalentRank: "CONSTABLE" },
  { code: "PS-C", title: "Staff grade C (equivalent to sergeant)", equivalentRank: "SERGEANT" },
  { code: "PS-D", title: "Staff grade D (equivalent to sergeant)", equivalentRank: "SERGEANT" },
  { code: "PS-E", title: "Staff grade E (equivalent to inspector)", equivalentRank: "INSPECTOR" },
  { code: "PS-F", title: "Staff grade F (equivalent to chief inspector)", equivalentRank: "CHIEF_INSPECTOR" },
  { code: "PS-G", title: "Staff grade G (equivalent to superintendent)", equivalentRank: "SUPERINTENDENT" },
  { code: "PS-H", title: "Staff grade H (equivalent to chief superintendent)", equivalentRank: "CHIEF_SUPERINTENDENT" },
];

export const UNITS: SeedUnit[] = [
  // Northshire (home force)
  { key: "cog", force: "northshire", name: "Chief Officer Group", kind: "DEPARTMENT", commander: "cc" },
  { key: "ashbridge", force: "northshire", name: "Ashbridge BCU", kind: "BCU", commander: "ashCommander" },
  { key: "kelmoor", force: "northshire", name: "Kelmoor and Dale BCU", kind: "BCU", commander: "kelCommander" },
  { key: "ops", force: "northshire", name: "Operations OCU", kind: "OCU", commander: "opsCommander" },
  { key: "psd", force: "northshire", name: "Professional Standards Department", kind: "DEPARTMENT", commander: "psdHead" },
  { key: "ppu", force: "northshire", name: "Public Protection (including CAIU)", kind: "DEPARTMENT", commander: "ppuHead" },
  { key: "people", force: "northshire", name: "People Services (HR)", kind: "DEPARTMENT", commander: "peopleHead" },
  { key: "oh", force: "northshire", name: "Occupational Health", kind: "DEPARTMENT", commander: "ohLead" },
  { key: "fcr", force: "northshire", name: "Force Control Room", kind: "DEPARTMENT", commander: "fcrManager" },
  // No commander on purpose: the schema allows it.
  { key: "digital", force: "northshire", name: "Digital and Data Services", kind: "DEPARTMENT" },
  // Westvale (another force, for inter-force cases)
  { key: "wvCentral", force: "westvale", name: "Westvale Central BCU", kind: "BCU", commander: "wvCommander" },
  { key: "wvPsd", force: "westvale", name: "Westvale Professional Standards", kind: "DEPARTMENT", commander: "wvPsdInspector" },
];

const NS = "northshire.police.invalid";
const WV = "westvale.police.invalid";

export const PEOPLE: SeedPerson[] = [
  // ── Chief officers ──────────────────────────────────────────────────────────
  {
    key: "cc",
    force: "northshire",
    unit: "cog",
    firstName: "Margery",
    lastName: "Fenwright",
    pronouns: "she/her",
    workEmail: `margery.fenwright@${NS}`,
    employeeType: "OFFICER",
    rank: "CHIEF_CONSTABLE",
    jobTitle: "Chief Constable",
    roles: ["CHIEF_OFFICER"],
    canSignIn: true,
    whatToTry: "Receive a PPDA referral in the NPCC officer's place when the suspect is the nominated NPCC officer (ACC Wrenfield).",
  },
  {
    key: "dcc",
    force: "northshire",
    unit: "cog",
    lineManager: "cc",
    firstName: "Rupert",
    lastName: "Hollowell",
    workEmail: `rupert.hollowell@${NS}`,
    employeeType: "OFFICER",
    rank: "DEPUTY_CHIEF_CONSTABLE",
    jobTitle: "Deputy Chief Constable",
    roles: [],
    canSignIn: true,
    whatToTry: "A very senior officer with no PPDA role: try to open a restricted case you are not named on; it is refused and PSD is alerted.",
  },
  {
    key: "acc",
    force: "northshire",
    unit: "cog",
    lineManager: "dcc",
    firstName: "Tobias",
    lastName: "Wrenfield",
    pronouns: "he/him",
    workEmail: `tobias.wrenfield@${NS}`,
    employeeType: "OFFICER",
    rank: "ASSISTANT_CHIEF_CONSTABLE",
    jobTitle: "Assistant Chief Constable (nominated NPCC officer for PPDA)",
    roles: ["NPCC_OFFICER"],
    canSignIn: true,
    whatToTry: "Oversee open PPDA cases and referral-chain timings, direct an investigation review, and report an inter-force case to Westvale's NPCC officer.",
  },
  // ── Professional Standards ──────────────────────────────────────────────────
  {
    key: "psdHead",
    force: "northshire",
    unit: "psd",
    lineManager: "dcc",
    firstName: "Helena",
    lastName: "Brackenridge",
    workEmail: `helena.brackenridge@${NS}`,
    employeeType: "OFFICER",
    rank: "SUPERINTENDENT",
    jobTitle: "Head of Professional Standards",
    roles: ["HEAD_OF_PSD"],
    canSignIn: true,
    whatToTry:
      "Assign a PSD investigator with no prior connection, record the ownership rationale and the suspension/restriction decision, review access alerts.",
  },
  {
    key: "psdInspector",
    force: "northshire",
    unit: "psd",
    lineManager: "psdHead",
    firstName: "Callum",
    lastName: "Ferrisby",
    workEmail: `callum.ferrisby@${NS}`,
    employeeType: "OFFICER",
    rank: "INSPECTOR",
    jobTitle: "PSD investigating inspector",
    roles: ["PSD_OFFICER"],
    canSignIn: true,
    whatToTry: "Work a PPDA conduct matter: declare conflicts of interest, record the crime reference, restrict the crime report and call log.",
  },
  {
    key: "psdNewStarter",
    force: "northshire",
    unit: "psd",
    lineManager: "psdHead",
    firstName: "Rowena",
    lastName: "Quickfield",
    pronouns: "she/her",
    workEmail: `rowena.quickfield@${NS}`,
    employeeType: "OFFICER",
    rank: "SERGEANT",
    jobTitle: "PSD investigating sergeant, newly joined",
    roles: ["PSD_OFFICER"],
    canSignIn: true,
    withoutSecondFactor: true,
    whatToTry: "Sign in for the first time: a PSD role needs a second factor, so the portal sends you to set up an authenticator app before anything else.",
  },
  {
    key: "psdInvestigator",
    force: "northshire",
    unit: "psd",
    lineManager: "psdHead",
    firstName: "Niamh",
    lastName: "Oakridge",
    pronouns: "she/her",
    workEmail: `niamh.oakridge@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-E",
    jobTitle: "PSD staff investigator",
    roles: ["PSD_OFFICER"],
    canSignIn: true,
    whatToTry: "As police staff in PSD, watch the access-attempt alerts on restricted cases and keep the victim informed as an interested person.",
  },
  // ── Ashbridge BCU ───────────────────────────────────────────────────────────
  {
    key: "ashCommander",
    force: "northshire",
    unit: "ashbridge",
    lineManager: "dcc",
    firstName: "Desmond",
    lastName: "Pellingham",
    workEmail: `desmond.pellingham@${NS}`,
    employeeType: "OFFICER",
    rank: "CHIEF_SUPERINTENDENT",
    jobTitle: "Ashbridge BCU commander",
    roles: [],
    canSignIn: true,
    whatToTry: "Receive a PPDA referral as local policing commander. In Kieran Duxbury's line chain: his case never reaches you, not even as a notice.",
  },
  {
    key: "ashSupt",
    force: "northshire",
    unit: "ashbridge",
    lineManager: "ashCommander",
    firstName: "Fiona",
    lastName: "Gatesby",
    workEmail: `fiona.gatesby@${NS}`,
    employeeType: "OFFICER",
    rank: "SUPERINTENDENT",
    jobTitle: "Ashbridge BCU superintendent",
    roles: [],
    canSignIn: true,
    whatToTry: "Top of an ordinary line-management chain; authorise a crime-report restriction (chief inspector or above).",
  },
  {
    key: "ashChiefInspector",
    force: "northshire",
    unit: "ashbridge",
    lineManager: "ashSupt",
    firstName: "Olumide",
    lastName: "Farrant",
    pronouns: "he/him",
    workEmail: `olumide.farrant@${NS}`,
    employeeType: "OFFICER",
    rank: "CHIEF_INSPECTOR",
    jobTitle: "Ashbridge response chief inspector",
    roles: [],
    canSignIn: true,
    whatToTry: "The lowest rank that can authorise restricting a crime report and call log: try it.",
  },
  {
    key: "ashDutyInspector",
    force: "northshire",
    unit: "ashbridge",
    lineManager: "ashChiefInspector",
    firstName: "Rosalind",
    lastName: "Kettleby",
    preferredName: "Roz",
    pronouns: "she/her",
    workEmail: `rosalind.kettleby@${NS}`,
    employeeType: "OFFICER",
    rank: "INSPECTOR",
    jobTitle: "Ashbridge duty inspector",
    roles: ["DUTY_INSPECTOR"],
    canSignIn: true,
    whatToTry: "As supervising officer, receive a PPDA report from a first recipient and pass it at once to the whole referral chain.",
  },
  {
    key: "ashSergeant",
    force: "northshire",
    unit: "ashbridge",
    lineManager: "ashDutyInspector",
    firstName: "Thomas",
    lastName: "Brightwater",
    preferredName: "Tom",
    pronouns: "he/him",
    workEmail: `thomas.brightwater@${NS}`,
    employeeType: "OFFICER",
    rank: "SERGEANT",
    collarNumber: "2231",
    jobTitle: "Response sergeant (four reports)",
    roles: [],
    canSignIn: true,
    whatToTry: "Line manager of four: open a supportive conversation with one of them (Flow B); as first recipient, refer a PPDA report to an inspector.",
  },
  {
    key: "pcPenhallow",
    force: "northshire",
    unit: "ashbridge",
    lineManager: "ashSergeant",
    firstName: "Alys",
    lastName: "Penhallow",
    preferredName: "Ally",
    pronouns: "she/her",
    workEmail: `alys.penhallow@${NS}`,
    employeeType: "OFFICER",
    rank: "CONSTABLE",
    collarNumber: "4417",
    jobTitle: "Response constable",
    roles: [],
    canSignIn: true,
    whatToTry: "Start a confidential disclosure (Flow A): save a draft, choose support, set safe contact, then name a police employee as the abuser.",
  },
  {
    key: "pcMistryOake",
    force: "northshire",
    unit: "ashbridge",
    lineManager: "ashSergeant",
    firstName: "Jordan",
    lastName: "Mistry-Oake",
    pronouns: "they/them",
    workEmail: `jordan.mistry-oake@${NS}`,
    employeeType: "OFFICER",
    rank: "CONSTABLE",
    collarNumber: "4502",
    jobTitle: "Response constable",
    roles: [],
    canSignIn: true,
    whatToTry: "Check your pronouns are used everywhere; keep a workplace incident log of unwanted calls and visits.",
  },
  {
    key: "pcDuxbury",
    force: "northshire",
    unit: "ashbridge",
    lineManager: "ashSergeant",
    firstName: "Kieran",
    lastName: "Duxbury",
    workEmail: `kieran.duxbury@${NS}`,
    employeeType: "OFFICER",
    rank: "CONSTABLE",
    collarNumber: "4388",
    jobTitle: "Response constable",
    roles: [],
    canSignIn: true,
    whatToTry: "Use as the named suspect in a PPDA report, then sign in as him: he must not see the case or learn who reported it.",
  },
  {
    key: "pcsoCrowhurst",
    force: "northshire",
    unit: "ashbridge",
    lineManager: "ashSergeant",
    firstName: "Bethany",
    lastName: "Crowhurst",
    pronouns: "she/her",
    workEmail: `bethany.crowhurst@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-A",
    jobTitle: "Police community support officer",
    roles: ["DA_CHAMPION"],
    canSignIn: true,
    whatToTry: "As a DA champion, see the requests from colleagues who chose a DA champion as their support.",
  },
  // ── Kelmoor and Dale BCU ────────────────────────────────────────────────────
  {
    key: "kelCommander",
    force: "northshire",
    unit: "kelmoor",
    lineManager: "dcc",
    firstName: "Yasmin",
    lastName: "Coldharbour",
    pronouns: "she/her",
    workEmail: `yasmin.coldharbour@${NS}`,
    employeeType: "OFFICER",
    rank: "CHIEF_SUPERINTENDENT",
    jobTitle: "Kelmoor and Dale BCU commander",
    roles: [],
    canSignIn: true,
    whatToTry: "A local policing commander for a case arising in Kelmoor and Dale; compare what you see with Ashbridge's.",
  },
  {
    key: "kelDutyInspector",
    force: "northshire",
    unit: "kelmoor",
    lineManager: "kelCommander",
    firstName: "Sanjay",
    lastName: "Whitlock",
    workEmail: `sanjay.whitlock@${NS}`,
    employeeType: "OFFICER",
    rank: "INSPECTOR",
    jobTitle: "Kelmoor and Dale duty inspector",
    roles: ["DUTY_INSPECTOR"],
    canSignIn: true,
    whatToTry: "The second supervising officer: take a referral when the first duty inspector is conflicted.",
  },
  {
    key: "kelStaff",
    force: "northshire",
    unit: "kelmoor",
    lineManager: "kelDutyInspector",
    firstName: "Ffion",
    lastName: "Gwilliam",
    workEmail: `ffion.gwilliam@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-B",
    jobTitle: "Neighbourhood support officer",
    roles: [],
    canSignIn: true,
    whatToTry: "An ordinary member of staff: ask for an IDVA and occupational health without telling your line manager.",
  },
  // ── Operations OCU and Force Control Room ───────────────────────────────────
  {
    key: "opsCommander",
    force: "northshire",
    unit: "ops",
    lineManager: "dcc",
    firstName: "Gareth",
    lastName: "Linthwaite",
    workEmail: `gareth.linthwaite@${NS}`,
    employeeType: "OFFICER",
    rank: "SUPERINTENDENT",
    jobTitle: "Operations OCU commander",
    roles: [],
    canSignIn: true,
    whatToTry: "Commander of an OCU: receive a PPDA referral as local policing commander when a report names Operations as its area.",
  },
  {
    key: "fcrManager",
    force: "northshire",
    unit: "fcr",
    lineManager: "opsCommander",
    firstName: "Declan",
    lastName: "Moorcroft",
    workEmail: `declan.moorcroft@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-E",
    jobTitle: "Force Control Room manager",
    roles: [],
    canSignIn: true,
    whatToTry: "Agree a safety plan that moves a call handler off call-handling duties; try to open the restricted call log.",
  },
  {
    key: "callHandler",
    force: "northshire",
    unit: "fcr",
    lineManager: "fcrManager",
    firstName: "Harriet",
    lastName: "Summerby",
    pronouns: "she/her",
    workEmail: `harriet.summerby@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-B",
    jobTitle: "Call handler",
    roles: ["DA_CHAMPION"],
    canSignIn: true,
    whatToTry: "A call handler and DA champion: disclose as staff, and support a colleague as a champion.",
  },
  // ── Public Protection ───────────────────────────────────────────────────────
  {
    key: "ppuHead",
    force: "northshire",
    unit: "ppu",
    lineManager: "dcc",
    firstName: "Adebayo",
    lastName: "Thorne",
    workEmail: `adebayo.thorne@${NS}`,
    employeeType: "OFFICER",
    rank: "CHIEF_INSPECTOR",
    jobTitle: "Detective chief inspector, head of Public Protection",
    roles: [],
    canSignIn: true,
    whatToTry: "Line manager of the DA coordinators and CAIU supervisor; authorise a crime-report restriction.",
  },
  {
    key: "caiuSupervisor",
    force: "northshire",
    unit: "ppu",
    lineManager: "ppuHead",
    firstName: "Miriam",
    lastName: "Stavely",
    workEmail: `miriam.stavely@${NS}`,
    employeeType: "OFFICER",
    rank: "INSPECTOR",
    jobTitle: "Detective inspector, CAIU supervisor",
    roles: ["CAIU_SUPERVISOR"],
    canSignIn: true,
    whatToTry: "Receive a referral only when children are involved; reach safeguarding information on a restricted case.",
  },
  {
    key: "daCoordinatorOfficer",
    force: "northshire",
    unit: "ppu",
    lineManager: "ppuHead",
    firstName: "Grace",
    lastName: "Ellerby",
    pronouns: "she/her",
    workEmail: `grace.ellerby@${NS}`,
    employeeType: "OFFICER",
    rank: "SERGEANT",
    collarNumber: "2754",
    jobTitle: "Detective sergeant, DA coordinator",
    roles: ["DA_COORDINATOR"],
    canSignIn: true,
    whatToTry: "Receive a PPDA referral as DA coordinator; record the DASH risk level and a MARAC/IDVA referral for high risk.",
  },
  {
    key: "daCoordinatorStaff",
    force: "northshire",
    unit: "ppu",
    lineManager: "ppuHead",
    firstName: "Owen",
    lastName: "Pritchard-Hale",
    workEmail: `owen.pritchard-hale@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-D",
    jobTitle: "DA coordinator (police staff)",
    roles: ["DA_COORDINATOR"],
    canSignIn: true,
    whatToTry: "The second DA coordinator: take over a case when the first declares a conflict of interest.",
  },
  // ── People Services, Occupational Health, Digital ───────────────────────────
  {
    key: "peopleHead",
    force: "northshire",
    unit: "people",
    lineManager: "dcc",
    firstName: "Catherine",
    lastName: "Ravensworth",
    workEmail: `catherine.ravensworth@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-H",
    jobTitle: "Director of People Services",
    roles: [],
    canSignIn: true,
    whatToTry: "Senior police staff (chief superintendent equivalent) with several reports and no case access.",
  },
  {
    key: "idvaLiaison",
    force: "northshire",
    unit: "people",
    lineManager: "peopleHead",
    firstName: "Lucy",
    lastName: "Harrowden",
    workEmail: `lucy.harrowden@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-C",
    jobTitle: "Staff IDVA liaison",
    roles: ["STAFF_IDVA_LIAISON"],
    canSignIn: true,
    whatToTry: "See requests for a staff IDVA, only with the disclosing person's consent and only what they chose to share.",
  },
  {
    key: "idvaLiaisonTwo",
    force: "northshire",
    unit: "people",
    lineManager: "peopleHead",
    firstName: "Nadia",
    lastName: "Pembrook",
    pronouns: "she/her",
    workEmail: `nadia.pembrook@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-C",
    jobTitle: "Staff IDVA liaison (line manager of Owen Tarrant)",
    roles: ["STAFF_IDVA_LIAISON"],
    canSignIn: true,
    whatToTry:
      "The second staff IDVA liaison. A request that names Owen Tarrant (who reports to you) as the person harming the employee never reaches you: not in your queue, not by link, not by mail.",
  },
  {
    key: "peopleAdviser",
    force: "northshire",
    unit: "people",
    lineManager: "idvaLiaisonTwo",
    firstName: "Owen",
    lastName: "Tarrant",
    workEmail: `owen.tarrant@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-B",
    jobTitle: "People Services adviser",
    roles: [],
    canSignIn: true,
    whatToTry:
      "A colleague to name, on a support request, as the person harming the employee: then neither he nor Nadia Pembrook (his manager) can see it, while Lucy Harrowden can.",
  },
  {
    key: "welfare",
    force: "northshire",
    unit: "people",
    lineManager: "peopleHead",
    firstName: "Patrick",
    lastName: "Dunmore",
    pronouns: "he/him",
    workEmail: `patrick.dunmore@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-C",
    jobTitle: "Welfare officer",
    roles: ["WELFARE"],
    canSignIn: true,
    whatToTry: "Pick up a welfare request; when consent is withdrawn, the request disappears from your list.",
  },
  {
    key: "ohLead",
    force: "northshire",
    unit: "oh",
    lineManager: "peopleHead",
    firstName: "Samira",
    lastName: "Lindqvist",
    preferredName: "Sam",
    pronouns: "she/her",
    workEmail: `samira.lindqvist@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-F",
    jobTitle: "Occupational health lead",
    roles: ["OCCUPATIONAL_HEALTH"],
    canSignIn: true,
    whatToTry: "See occupational-health referrals made by staff who chose you as support.",
  },
  {
    key: "admin",
    force: "northshire",
    unit: "digital",
    lineManager: "peopleHead",
    firstName: "Ivo",
    lastName: "Brennand",
    workEmail: `ivo.brennand@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-D",
    jobTitle: "Portal administrator",
    roles: ["ADMINISTRATOR"],
    canSignIn: true,
    whatToTry:
      "Manage people, units and role assignments: a role given or a change of rank, unit or line manager waits for Odessa Quillfeather's approval; confirm that administration gives no access to case contents.",
  },
  {
    key: "admin2",
    force: "northshire",
    unit: "digital",
    lineManager: "peopleHead",
    firstName: "Odessa",
    lastName: "Quillfeather",
    pronouns: "she/her",
    workEmail: `odessa.quillfeather@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-D",
    jobTitle: "Portal administrator (the second of the pair)",
    roles: ["ADMINISTRATOR"],
    canSignIn: true,
    whatToTry: "Approve or refuse what Ivo Brennand proposed under Administration → Changes waiting for approval; you cannot decide your own proposals.",
  },
  {
    key: "auditor",
    force: "northshire",
    unit: "digital",
    lineManager: "peopleHead",
    firstName: "Perpetua",
    lastName: "Ashcombe-Vale",
    pronouns: "she/her",
    workEmail: `perpetua.ashcombe-vale@${NS}`,
    employeeType: "STAFF",
    staffGradeCode: "PS-E",
    jobTitle: "Information assurance auditor (read-only)",
    roles: ["AUDITOR"],
    canSignIn: true,
    whatToTry:
      "Oversight figures (charts and tables, each downloadable as CSV), the audit trail read only, and its export with seals and checkpoint (check it with node scripts/verify-audit-export.mjs); every case, request and record address is 'Page not found'.",
  },
  // ── Westvale Police (another force; not portal accounts) ────────────────────
  {
    key: "wvAcc",
    force: "westvale",
    firstName: "Philippa",
    lastName: "Drummondsley",
    workEmail: `philippa.drummondsley@${WV}`,
    employeeType: "OFFICER",
    rank: "ASSISTANT_CHIEF_CONSTABLE",
    jobTitle: "Westvale ACC, nominated NPCC officer",
    roles: [],
    canSignIn: false,
    whatToTry: "Not a portal account: the employer force's NPCC officer in an inter-force case.",
  },
  {
    key: "wvCommander",
    force: "westvale",
    unit: "wvCentral",
    lineManager: "wvAcc",
    firstName: "Barnaby",
    lastName: "Quillfeather",
    workEmail: `barnaby.quillfeather@${WV}`,
    employeeType: "OFFICER",
    rank: "CHIEF_SUPERINTENDENT",
    jobTitle: "Westvale Central BCU commander",
    roles: [],
    canSignIn: false,
    whatToTry: "Not a portal account: the suspect's commander in an inter-force case.",
  },
  {
    key: "wvPsdInspector",
    force: "westvale",
    unit: "wvPsd",
    lineManager: "wvAcc",
    firstName: "Leanne",
    lastName: "Brackwater",
    workEmail: `leanne.brackwater@${WV}`,
    employeeType: "OFFICER",
    rank: "INSPECTOR",
    jobTitle: "Westvale PSD inspector",
    roles: [],
    canSignIn: false,
    whatToTry: "Not a portal account: the Westvale PSD contact kept updated on an inter-force investigation.",
  },
  {
    key: "wvConstable",
    force: "westvale",
    unit: "wvCentral",
    lineManager: "wvCommander",
    firstName: "Dominic",
    lastName: "Harefield",
    workEmail: `dominic.harefield@${WV}`,
    employeeType: "OFFICER",
    rank: "CONSTABLE",
    collarNumber: "3120",
    jobTitle: "Westvale response constable",
    roles: [],
    canSignIn: false,
    whatToTry: "Not a portal account: name him as the suspect to start an inter-force PPDA case.",
  },
];

/** The people who can sign in (home force, with the demo password). */
export const DEMO_PERSONAS: SeedPerson[] = PEOPLE.filter((person) => person.canSignIn);

/** DEMO ONLY: the accounts seeded with a fixed TOTP secret (every privileged one that can sign in, but those marked). */
export const DEMO_SECOND_FACTORS: { person: SeedPerson; secret: string }[] = DEMO_PERSONAS.filter(
  (person) => !person.withoutSecondFactor && person.roles.some((role) => PRIVILEGED_ROLES.includes(role)),
).map((person) => ({ person, secret: demoTotpSecret(person.workEmail) }));

export function seedPerson(key: string): SeedPerson {
  const person = PEOPLE.find((candidate) => candidate.key === key);
  if (!person) throw new Error(`No demo person with key "${key}"`);
  return person;
}

// ─── The demo-accounts document ──────────────────────────────────────────────

// One set of role names for the portal and its documentation.
export { ROLE_LABELS };

function displayName(person: SeedPerson): string {
  const preferred = person.preferredName ? ` (“${person.preferredName}”)` : "";
  const pronouns = person.pronouns ? `, ${person.pronouns}` : "";
  return `${person.firstName} ${person.lastName}${preferred}${pronouns}`;
}

function rankOrGrade(person: SeedPerson): string {
  if (person.rank) return RANK_LABELS[person.rank] + (person.collarNumber ? ` (collar ${person.collarNumber})` : "");
  const grade = STAFF_GRADES.find((candidate) => candidate.code === person.staffGradeCode);
  return grade ? `Police staff, ${grade.title}` : "Police staff";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** docs/demo-accounts.md, rendered from the data above (the unit tests check that the file matches). */
export function renderDemoAccountsMarkdown(): string {
  const unitName = (key?: string) => UNITS.find((unit) => unit.key === key)?.name ?? "—";
  const forceName = (key: string) => FORCES.find((force) => force.key === key)?.name ?? key;
  const lines = [
    "# Demo accounts",
    "",
    "<!-- Generated from prisma/seed-data.ts by `npx tsx prisma/seed.ts --write-docs`. Do not edit by hand. -->",
    "",
    `**Everything here is fictional.** The home force is *${HOME_FORCE.name}*; the other forces, the units, the people,`,
    "the collar numbers and the addresses are invented. Every address is on the reserved `.invalid` domain, so no mail",
    "can be delivered to it.",
    "",
    `All demo accounts share one password: \`${DEMO_PASSWORD}\`. It is for local demonstration and testing only:`,
    "never load the demo organisation (`npm run db:seed`) into a database that holds real people or real cases.",
    "",
    `## ${HOME_FORCE.name}: accounts you can sign in with`,
    "",
    "| Name | Email | Role(s) | Rank / grade | Unit and job | What to try |",
    "| --- | --- | --- | --- | --- | --- |",
    ...DEMO_PERSONAS.map((person) =>
      [
        displayName(person),
        `\`${person.workEmail}\``,
        person.roles.length ? person.roles.map((role) => ROLE_LABELS[role]).join(", ") : "— (no extra role)",
        rankOrGrade(person),
        `${unitName(person.unit)}: ${person.jobTitle}`,
        person.whatToTry,
      ]
        .map(cell)
        .join(" | "),
    ).map((row) => `| ${row} |`),
    "",
    "## Second factor (demo only)",
    "",
    "Every role above staff needs a second factor: after the password, the portal asks for a 6-digit code from an",
    "authenticator app (docs/decisions/026). In the demo, each privileged account below already has one, with a fixed",
    "key. To sign in as one of them, add the key to any authenticator app (Google Authenticator, Microsoft Authenticator,",
    "FreeOTP, 1Password…): *add an account*, *enter a setup key*, account name as you like, the key below, *time-based*,",
    "6 digits, 30 seconds. Then enter the code it shows. The keys are public: they protect nothing and exist only in the",
    "demo data.",
    "",
    ...PEOPLE.filter((person) => person.withoutSecondFactor).map(
      (person) => `\`${person.workEmail}\` has a privileged role but no key: at first sign-in the portal makes them set one up.`,
    ),
    "",
    "| Email | Key (base32) |",
    "| --- | --- |",
    ...DEMO_SECOND_FACTORS.map(({ person, secret }) => `| \`${person.workEmail}\` | \`${secret.match(/.{1,4}/g)!.join(" ")}\` |`),
    "",
    "## Other forces (people on record, no sign-in)",
    "",
    "| Force | Name, post | Email | Rank | Use |",
    "| --- | --- | --- | --- | --- |",
    ...PEOPLE.filter((person) => !person.canSignIn).map(
      (person) =>
        `| ${[forceName(person.force), `${displayName(person)}: ${person.jobTitle}`, `\`${person.workEmail}\``, rankOrGrade(person), person.whatToTry]
          .map(cell)
          .join(" | ")} |`,
    ),
    "",
    "## Forces",
    "",
    "The police and crime commissioner's (PCC's) mailbox is where a report goes at once when the suspect is the chief",
    "officer: in the demo, an administrator reads what it receives in the demo mailbox (`/dev/mailbox`).",
    "",
    "| Force | NPCC officer mailbox | PSD mailbox | PCC's mailbox |",
    "| --- | --- | --- | --- |",
    ...FORCES.map(
      (force) =>
        `| ${force.name}${force.isHome ? " (home force)" : ""} | \`${force.npccContactEmail}\` | \`${force.psdContactEmail}\` | ${force.pccContactEmail ? `\`${force.pccContactEmail}\`` : "—"} |`,
    ),
    "",
    "## Staff grades",
    "",
    "Police staff are treated as holding the level of their grade's equivalent rank (for example, for the",
    '"inspector or above" rule).',
    "",
    "| Code | Title |",
    "| --- | --- |",
    ...STAFF_GRADES.map((grade) => `| ${grade.code} | ${grade.title} |`),
    "",
  ];
  return lines.join("\n");
}
