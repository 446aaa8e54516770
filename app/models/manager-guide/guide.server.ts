// The supportive-conversation guide: sections administrators keep in the portal. The only module that talks to the
// database about the guide. Every edit writes a new revision and an audit row in one transaction.
import { z } from "zod";
import { GUIDE_BODY_MAX, GUIDE_TITLE_MAX } from "~/models/support-request/form-limits";
import { can, changeWithAudit } from "~/access/guard.server";
import { forbidden, notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { ChangeRejected } from "~/utils/forms";
import { externalLinks } from "~/utils/guide-markup";

export interface GuideSectionView {
  id: string;
  key: string;
  title: string;
  body: string;
  coverable: boolean;
  version: number;
  updatedAt: string;
}

const sectionSelect = { id: true, key: true, title: true, body: true, coverable: true, version: true, updatedAt: true } as const;

function toView(section: { id: string; key: string; title: string; body: string; coverable: boolean; version: number; updatedAt: Date }): GuideSectionView {
  return { ...section, updatedAt: section.updatedAt.toISOString() };
}

/** The guide in reading order. Every employee may read it (it is guidance, not anyone's record). */
export async function readGuide(context: RequestContext): Promise<GuideSectionView[]> {
  if (!can(context.ability, "read", "GuideSection")) forbidden();
  const sections = await context.prisma.guideSection.findMany({ orderBy: { position: "asc" }, select: sectionSelect });
  return sections.map(toView);
}

/** The points a manager can tick as covered on a conversation record: key → title. */
export async function coverablePoints(tx: DbTx): Promise<Record<string, string>> {
  const sections = await tx.guideSection.findMany({ where: { coverable: true }, orderBy: { position: "asc" }, select: { key: true, title: true } });
  return Object.fromEntries(sections.map((section) => [section.key, section.title]));
}

/** Titles of every section by key, to show what a record covered even if a section stops being coverable. */
export async function sectionTitles(tx: DbTx): Promise<Record<string, string>> {
  const sections = await tx.guideSection.findMany({ select: { key: true, title: true } });
  return Object.fromEntries(sections.map((section) => [section.key, section.title]));
}

export const GuideSectionFormSchema = z.object({
  title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(GUIDE_TITLE_MAX, `Keep the title to ${GUIDE_TITLE_MAX} characters`),
  body: z
    .string({ error: "Enter the text of the section" })
    .trim()
    .min(1, "Enter the text of the section")
    .max(GUIDE_BODY_MAX, `Keep the section to ${GUIDE_BODY_MAX} characters`)
    .refine((body) => externalLinks(body).length === 0, "Links may only point to pages inside the portal: an address starting with a single /"),
  version: z.coerce.number({ error: "The form is out of date: reload the page" }).int().positive(),
});
export type GuideSectionForm = z.infer<typeof GuideSectionFormSchema>;

/** One section with its revisions, for the administrator's edit page. */
export async function readSectionForEditing(context: RequestContext, sectionId: string) {
  if (!can(context.ability, "update", "GuideSection")) forbidden();
  const section = await context.prisma.guideSection.findUnique({
    where: { id: sectionId },
    select: {
      ...sectionSelect,
      revisions: { orderBy: { version: "desc" }, take: 20, select: { version: true, title: true, editedAt: true, editedById: true } },
    },
  });
  if (!section) notFound();
  const editors = await context.prisma.person.findMany({
    where: { id: { in: section.revisions.map((revision) => revision.editedById).filter((id): id is string => id !== null) } },
    select: { id: true, firstName: true, lastName: true, preferredName: true },
  });
  const editorName = new Map(editors.map((person) => [person.id, `${person.preferredName ?? person.firstName} ${person.lastName}`]));
  return {
    section: toView(section),
    revisions: section.revisions.map((revision) => ({
      version: revision.version,
      title: revision.title,
      editedAt: revision.editedAt.toISOString(),
      editedBy: revision.editedById ? (editorName.get(revision.editedById) ?? "Unknown") : "First version",
    })),
  };
}

export const STALE_SECTION_MESSAGE = "Someone else saved this section while you were editing. The page now shows their version: make your change again.";

/** Saves a new version of a section unless someone saved one since `form.version` was read. */
export async function updateGuideSection(context: RequestContext, sectionId: string, form: GuideSectionForm): Promise<void> {
  await changeWithAudit(
    context,
    { action: "update", model: "GuideSection", subjectId: sectionId },
    async (tx) => {
      const version = form.version + 1;
      const { count } = await tx.guideSection.updateMany({
        where: { id: sectionId, version: form.version },
        data: { title: form.title, body: form.body, version, updatedById: context.actor.id },
      });
      if (count === 0) {
        if (!(await tx.guideSection.findUnique({ where: { id: sectionId }, select: { id: true } }))) notFound();
        throw new ChangeRejected({ form: STALE_SECTION_MESSAGE });
      }
      await tx.guideSectionRevision.create({ data: { sectionId, version, title: form.title, body: form.body, editedById: context.actor.id } });
    },
    { action: "guide.section.update", details: { version: form.version + 1 } },
  );
}
