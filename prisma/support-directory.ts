// The support directory as the portal first ships it, in the portal's own words (the facts come from the public
// policies in ../shared/seeds). Every contact detail is fictional: mailboxes on the reserved .invalid domain and
// telephone numbers from Ofcom's drama range (01632 96xxxx), except the real National Domestic Abuse Helpline.
// Administrators change the entries in the portal (Administration → Support directory).
import type { Prisma } from "../app/generated/prisma/client.ts";
import type { Role, SupportServiceKind } from "../app/generated/prisma/enums.ts";

export interface DirectoryEntry {
  kind: SupportServiceKind;
  name: string;
  offers: string;
  howToReach: string;
  insideForce: boolean;
  phone: string | null;
  email: string | null;
  queueRole: Role | null;
  sortOrder: number;
}

export const SUPPORT_DIRECTORY: DirectoryEntry[] = [
  {
    kind: "STAFF_IDVA",
    name: "Staff IDVA service",
    offers:
      "An independent adviser, from a specialist charity outside the force, who works only for you: safety planning, help with housing, courts and protective orders, and support through any police or court process, whether or not you report anything.",
    howToReach:
      "Send a request through this portal, or call or email the service directly. The staff IDVA liaison in People Services passes your request to the adviser.",
    insideForce: false,
    phone: "01632 960 101",
    email: "staff-idva@support.invalid",
    queueRole: "STAFF_IDVA_LIAISON",
    sortOrder: 10,
  },
  {
    kind: "DA_CHAMPION",
    name: "Workplace champions",
    offers:
      "A trained colleague who listens in confidence, explains your options at work and helps you reach specialist support. They are not investigators and will not tell your manager unless you want them to.",
    howToReach: "Send a request through this portal; a champion replies here.",
    insideForce: true,
    phone: null,
    email: "champions@northshire.police.invalid",
    queueRole: "DA_CHAMPION",
    sortOrder: 20,
  },
  {
    kind: "OCCUPATIONAL_HEALTH",
    name: "Occupational health",
    offers:
      "Confidential advice on your health and work: adjustments to hours, duties or place of work, time for appointments, and referral to counselling by trained professionals.",
    howToReach: "Send a request through this portal, or call the occupational health line.",
    insideForce: true,
    phone: "01632 960 202",
    email: "occupational-health@northshire.police.invalid",
    queueRole: "OCCUPATIONAL_HEALTH",
    sortOrder: 30,
  },
  {
    kind: "WELFARE",
    name: "Welfare",
    offers: "Practical support: money worries, emergency help, leave for appointments, and someone to talk things through with.",
    howToReach: "Send a request through this portal, or call the welfare team.",
    insideForce: true,
    phone: "01632 960 303",
    email: "welfare@northshire.police.invalid",
    queueRole: "WELFARE",
    sortOrder: 40,
  },
  {
    kind: "STAFF_ASSOCIATION",
    name: "Staff associations and support networks",
    offers:
      "Colleagues who can go with you to meetings, speak up for you, and put you in touch with networks for disabled, LGBT+, Black and minority ethnic, women and other staff.",
    howToReach: "Contact your association or network directly. They are not reached through this portal.",
    insideForce: true,
    phone: "01632 960 404",
    email: "staff-associations@northshire.police.invalid",
    queueRole: null,
    sortOrder: 50,
  },
  {
    kind: "TRADE_UNION",
    name: "Trade unions (police staff)",
    offers: "If you are a member: representation at work, advice on leave, pay and employment rights, and help where abuse affects your finances.",
    howToReach: "Contact your union representative directly. They are not reached through this portal.",
    insideForce: false,
    phone: "01632 960 505",
    email: "union-branch@support.invalid",
    queueRole: null,
    sortOrder: 60,
  },
  {
    kind: "LINE_MANAGER",
    name: "Your line manager, or another manager",
    offers:
      "Changes at work to keep you safe and supported: duties, hours, place of work, leave, and what colleagues are told. You choose what they know; you may prefer a manager other than your own.",
    howToReach: "Speak to them directly, or, once you have sent a request here, choose to share it with your line manager.",
    insideForce: true,
    phone: null,
    email: null,
    queueRole: null,
    sortOrder: 70,
  },
  {
    kind: "PUBLIC_PROTECTION",
    name: "Public Protection officers",
    offers: "Specialist officers who can explain what reporting a crime would involve and keep you and any children safe if you decide to report.",
    howToReach: "Call the Public Protection desk in confidence. Nothing is reported unless children are at risk or someone is at high risk of serious harm.",
    insideForce: true,
    phone: "01632 960 606",
    email: "public-protection@northshire.police.invalid",
    queueRole: null,
    sortOrder: 80,
  },
  {
    kind: "NATIONAL_HELPLINE",
    name: "National Domestic Abuse Helpline",
    offers: "Free, confidential support and information 24 hours a day, from an organisation outside the police.",
    howToReach: "Call free at any time. The portal does not contact them for you.",
    insideForce: false,
    phone: "0808 2000 247",
    email: null,
    queueRole: null,
    sortOrder: 90,
  },
  {
    kind: "PERPETRATOR_PROGRAMME",
    name: "Northshire Behaviour Change Programme (fictional)",
    offers:
      "A group and one-to-one programme for people who are harming, or afraid they will harm, a partner or family member: it works on the behaviour and keeps the safety of the people at home first. The programme runs a partner support worker for the person you live with.",
    howToReach: "Refer yourself by telephone or email. The portal does not contact the programme for you.",
    insideForce: false,
    phone: "01632 960 707",
    email: "change-programme@support.invalid",
    queueRole: null,
    sortOrder: 100,
  },
  {
    kind: "BEHAVIOUR_CHANGE_LINE",
    name: "Stop Now Line (fictional)",
    offers: "A confidential helpline, outside the police, for anyone worried about their own abusive behaviour towards a partner or family member.",
    howToReach: "Call or email at any time. The portal does not contact them for you.",
    insideForce: false,
    phone: "01632 960 808",
    email: "stop-now-line@support.invalid",
    queueRole: null,
    sortOrder: 110,
  },
];

/** The force's own risk checklist as data (a short, fictional stand-in; replace with the force's checklist). */
export const RISK_QUESTIONS: { id: string; text: string; sortOrder: number }[] = [
  { id: "injured", text: "Has the current incident resulted in injury?", sortOrder: 10 },
  { id: "frightened", text: "Are you very frightened?", sortOrder: 20 },
  { id: "fear-of-harm", text: "What are you afraid of? Is it further injury or violence?", sortOrder: 30 },
  { id: "isolated", text: "Do you feel isolated from family or friends?", sortOrder: 40 },
  { id: "depressed", text: "Are you feeling depressed or having suicidal thoughts?", sortOrder: 50 },
  { id: "separated", text: "Have you separated or tried to separate within the past year?", sortOrder: 60 },
  { id: "child-conflict", text: "Is there conflict over child contact?", sortOrder: 70 },
  { id: "stalking", text: "Do they constantly text, call, contact, follow, stalk or harass you?", sortOrder: 80 },
  { id: "pregnant", text: "Are you pregnant or have you recently had a baby?", sortOrder: 90 },
  { id: "escalating", text: "Is the abuse happening more often or getting worse?", sortOrder: 100 },
  { id: "strangled", text: "Have they ever tried to strangle, choke, suffocate or drown you?", sortOrder: 110 },
  { id: "threat-to-kill", text: "Have they ever threatened to kill you or someone else?", sortOrder: 120 },
  { id: "weapon", text: "Have they used a weapon or object to hurt you?", sortOrder: 130 },
  { id: "controlling", text: "Are they jealous or controlling about what you do or who you see?", sortOrder: 140 },
];

/** Loads the first directory and risk checklist (entries already there are kept as they are). */
export async function seedSupportDirectory(tx: Prisma.TransactionClient): Promise<{ services: number; questions: number }> {
  const services = await tx.supportService.createMany({ data: SUPPORT_DIRECTORY, skipDuplicates: true });
  const questions = await tx.riskQuestion.createMany({ data: RISK_QUESTIONS, skipDuplicates: true });
  return { services: services.count, questions: questions.count };
}
