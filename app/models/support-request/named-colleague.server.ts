// The colleague an employee may name, on their own request, as the person harming them: the directory search the
// form uses to find them (the same search as the intake form's "Find the suspect"), and the check of the person
// chosen. Naming someone keeps the request from them and from everyone above them in line management, as it is at
// each request (`notConflictedOnRequest`, ADR 024). The name is the employee's alone: it is never put in a mail, a
// log line, an audit row, a title or an address.
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { directoryPerson, searchDirectory } from "~/models/cases/case.server";
import type { DirectoryMatch } from "~/models/people/directory-match";
import { appendAudit } from "~/utils/audit.server";
import { ChangeRejected, type FieldErrors, type FormReply, replyKeepingTyped } from "~/utils/forms";
import { SUBJECT } from "./record.server";
import type { RequestForm } from "./request-form";

/** The "Find" button's intent on the request form. */
export const FIND_COLLEAGUE_INTENT = "find-abuser";

/**
 * Searches the directory for the colleague and shows the form again with the matches, everything typed kept and
 * nothing saved. The search is audited with the employee's support records (how many matched; never what was typed).
 */
export async function findNamedColleague(context: RequestContext, formData: FormData): Promise<{ reply: FormReply; found: DirectoryMatch[] }> {
  const q = String(formData.get("abuserQuery") ?? "");
  // A new search forgets the person chosen from the last one, and says they work here.
  formData.delete("abuserPersonId");
  formData.set("abuserWorksHere", "yes");
  // Too short to search: nothing is looked up, so there is nothing to audit.
  if (q.trim().length < 2) return { reply: replyKeepingTyped(formData, { abuserQuery: "Type at least two letters of their name or work email" }), found: [] };
  const matches = await context.prisma.$transaction(async (tx) => {
    const found = (await searchDirectory(tx, q)).filter((match) => match.id !== context.actor.id);
    await appendAudit(tx, {
      actorId: context.actor.id,
      action: "support.directory.search",
      subjectType: SUBJECT,
      outcome: "ALLOWED",
      details: { count: found.length },
      ...context.client,
    });
    return found;
  });
  const errors: FieldErrors =
    matches.length === 0 ? { abuserQuery: "Nobody in the directory matches what you typed. Check the spelling, or try part of their work email." } : {};
  return { reply: replyKeepingTyped(formData, errors), found: matches };
}

/** The colleague already chosen on the form or the draft, shown to the employee again; null if none or gone. */
export function chosenColleague(context: RequestContext, id: string | null | undefined): Promise<DirectoryMatch | null> {
  if (!id || id === context.actor.id) return Promise.resolve(null);
  return directoryPerson(context.prisma, id);
}

/** The chosen colleague as the form's list of matches (to show them chosen again), or none. */
export async function chosenAsMatches(context: RequestContext, id: string | null | undefined): Promise<DirectoryMatch[] | undefined> {
  const person = await chosenColleague(context, id);
  return person ? [person] : undefined;
}

/**
 * The colleague to record on the request, checked inside the save's transaction: null unless the employee said the
 * person works here and chose them; someone in the home force's directory, and not the employee. Sending with
 * "yes" and nobody chosen asks them to choose (or change the answer) rather than send it unprotected.
 */
export async function namedColleagueToRecord(tx: DbTx, employeeId: string, form: RequestForm, sending: boolean): Promise<string | null> {
  if (form.abuserWorksHere !== "yes") return null;
  if (!form.abuserPersonId) {
    if (sending) throw new ChangeRejected({ abuserPersonId: "Find and choose them, or answer “No” or “I would rather not say”" });
    return null;
  }
  const person = form.abuserPersonId === employeeId ? null : await directoryPerson(tx, form.abuserPersonId);
  if (!person) throw new ChangeRejected({ abuserPersonId: "Choose someone from the search results" });
  return person.id;
}
