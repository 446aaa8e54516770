// Why an item of a subject-access request is withheld: one code per ground, with the words PSD and the person read.
export const EXEMPTIONS = {
  THIRD_PARTY: "Another person's personal data (Data Protection Act 2018, Schedule 2, Part 3, paragraph 16), such as the victim's account",
  CRIME: "Prevention or detection of crime while the investigation is open (Data Protection Act 2018, Schedule 2, Part 1, paragraph 2)",
  SERIOUS_HARM: "Telling them would be likely to cause serious harm to someone (Data Protection Act 2018, Schedule 3)",
} as const;
export type Exemption = keyof typeof EXEMPTIONS;
export const EXEMPTION_CODES = Object.keys(EXEMPTIONS) as Exemption[];

export const STATUS_LABELS = { RECEIVED: "Received", ASSEMBLED: "Assembled", DELIVERED: "Delivered" } as const;
