// The support directory: services, what each offers and how to reach it. Everyone reads the active entries;
// administrators keep them (and nothing here reaches anyone's request).
import { z } from "zod";
import type { RequestContext } from "~/access/request-context.server";
import { accessScope, changeWithAudit } from "~/access/guard.server";
import { ChangeRejected } from "~/utils/forms";

const select = {
  id: true,
  kind: true,
  name: true,
  offers: true,
  howToReach: true,
  insideForce: true,
  phone: true,
  email: true,
  queueRole: true,
  active: true,
  version: true,
} as const;

/** The directory as the person may see it (active entries for everyone; all of them for administrators). */
export function directory(context: RequestContext, action: "read" | "list" = "read") {
  return context.prisma.supportService.findMany({
    where: accessScope(context.ability, action, "SupportService"),
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    select,
  });
}

export function directoryEntry(context: RequestContext, id: string) {
  return context.prisma.supportService.findFirst({ where: { AND: [accessScope(context.ability, "update", "SupportService"), { id }] }, select });
}

const optional = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(z.string().max(max, `Keep this under ${max} characters`));

export const DirectoryEntrySchema = z.object({
  name: z.string({ error: "Enter the service's name" }).trim().min(1, "Enter the service's name").max(120, "Keep the name under 120 characters"),
  offers: z.string({ error: "Say what the service offers" }).trim().min(1, "Say what the service offers").max(2000, "Keep this under 2000 characters"),
  howToReach: z.string({ error: "Say how to reach the service" }).trim().min(1, "Say how to reach the service").max(1000, "Keep this under 1000 characters"),
  insideForce: z.enum(["inside", "outside"], { error: "Choose inside or outside the force" }),
  phone: optional(40).pipe(z.string().regex(/^[0-9 +()-]*$/, "Use digits, spaces and + ( ) - only")),
  email: optional(254).pipe(z.union([z.literal(""), z.email("Enter an email address like name@example.org")])),
  active: z.string().optional(),
  version: z.coerce.number().int(),
});

/** Changes one entry (administrators), refusing a change made on an out-of-date copy. */
export async function updateDirectoryEntry(context: RequestContext, id: string, form: z.infer<typeof DirectoryEntrySchema>) {
  const current = await directoryEntry(context, id);
  if (!current) throw new Response("Page not found", { status: 404 });
  return changeWithAudit(
    context,
    { action: "update", model: "SupportService", record: current, subjectId: id },
    async (tx) => {
      const { count } = await tx.supportService.updateMany({
        where: { id, version: form.version },
        data: {
          name: form.name,
          offers: form.offers,
          howToReach: form.howToReach,
          insideForce: form.insideForce === "inside",
          phone: form.phone || null,
          email: form.email || null,
          active: form.active === "on",
          version: { increment: 1 },
        },
      });
      if (count === 0)
        throw new ChangeRejected({
          form: "Someone else changed this entry while you were editing it. Your changes are below; check the entry again before saving.",
        });
    },
    { action: "support.directory.update" },
  );
}
