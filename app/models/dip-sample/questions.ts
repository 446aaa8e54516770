// The quality review of a sampled case, as data: the questions, their answers and the overall grade. The form, its
// schema, the stored answers and the counts on the samples' pages are all built from these lists, so a question is
// added or reworded here alone (with a new QUESTION_SET, so that earlier reviews keep saying what they answered).
import { z } from "zod";

/** How many cases a sample may have (the draw form says so, and the server holds to it). */
export const MIN_SAMPLE = 1;
export const MAX_SAMPLE = 50;

/** The version of the question set below; stored with each review. */
export const QUESTION_SET = "2026-12";

export interface QualityQuestion {
  key: string;
  question: string;
  hint: string;
}

/** From the inspection's dip-sampling of the handling of PPDA allegations and referrals to PSD (seed 002). */
export const QUALITY_QUESTIONS: readonly QualityQuestion[] = [
  {
    key: "onTime",
    question: "Was the report handled on time?",
    hint: "The supervising officer and every step of the referral chain acknowledged within their deadlines.",
  },
  {
    key: "referrals",
    question: "Were the referrals right?",
    hint: "Everyone the chain names was told (the commander, the NPCC officer, the DA coordinator, CAIU where children were involved, PSD), and referral to another force was considered.",
  },
  {
    key: "safeguarded",
    question: "Was the victim safeguarded?",
    hint: "Risk assessed and acted on (MARAC and IDVA where high), safeguarding access used only as needed.",
  },
  {
    key: "recordsComplete",
    question: "Are the records complete?",
    hint: "Crime report restricted, conflicts declared, ownership and its rationale, duties decision and outcomes recorded.",
  },
];

export const ANSWERS = [
  { value: "YES", label: "Yes" },
  { value: "PARTLY", label: "Partly" },
  { value: "NO", label: "No" },
] as const;
export type AnswerValue = (typeof ANSWERS)[number]["value"];

export const GRADES = [
  { value: "OUTSTANDING", label: "Outstanding" },
  { value: "GOOD", label: "Good" },
  { value: "REQUIRES_IMPROVEMENT", label: "Requires improvement" },
  { value: "INADEQUATE", label: "Inadequate" },
] as const;
export type GradeValue = (typeof GRADES)[number]["value"];

export const answerField = (key: string) => `${key}Answer`;
export const commentField = (key: string) => `${key}Comment`;

const values = <T extends string>(list: readonly { value: T }[]) => list.map((item) => item.value) as [T, ...T[]];

/** The review form's schema: each question's answer and comment, the grade and a summary. */
export const QualityReviewSchema = z
  .object({
    itemId: z.uuid({ error: "This review is no longer open" }),
    grade: z.enum(values(GRADES), { error: "Choose the overall grade" }),
    summary: z.string({ error: "Summarise what you found" }).trim().min(1, "Summarise what you found").max(2000, "Use 2,000 characters or fewer"),
    ...Object.fromEntries(
      QUALITY_QUESTIONS.flatMap((q) => [
        [answerField(q.key), z.enum(values(ANSWERS), { error: `Answer: ${q.question.toLowerCase()}` })],
        [
          commentField(q.key),
          z.string({ error: "Say what you saw" }).trim().min(1, "Say what you saw, in a sentence or two").max(1000, "Use 1,000 characters or fewer"),
        ],
      ]),
    ),
  })
  .transform((form) => {
    const raw = form as unknown as Record<string, string>;
    return {
      itemId: raw.itemId!,
      grade: raw.grade as GradeValue,
      summary: raw.summary!,
      answers: QUALITY_QUESTIONS.map((q) => ({ question: q.key, answer: raw[answerField(q.key)] as AnswerValue, comment: raw[commentField(q.key)]! })),
    };
  });
export type QualityReview = z.output<typeof QualityReviewSchema>;

/** The form's fields in page order, for the error summary. */
export const REVIEW_FIELD_ORDER = [...QUALITY_QUESTIONS.flatMap((q) => [answerField(q.key), commentField(q.key)]), "grade", "summary"];
