// What a request's page shows, read in the transaction of the decision to open it: the request and each part the
// person may see, the conversation, the history, the ledger, the risk, and what their work on it needs. One audit row
// records what was shown; a request they may not reach is "not found" (audited).
import { readAccessible } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import { isId } from "~/utils/ids";
import { ledgerIn, myLineManager } from "./consent.server";
import { conversationIn, historyIn } from "./messages.server";
import { requestExists, SUBJECT } from "./record.server";
import { openedIn, shownOf } from "./request.server";
import { serviceColleagues } from "./work.server";
import { latestRiskIn, riskQuestions } from "./risk.server";

export async function requestPage(context: RequestContext, id: string) {
  if (!isId(id)) notFound();
  return readAccessible(context, {
    model: SUBJECT,
    id,
    find: async (tx, where) => {
      const opened = await openedIn(context, tx, where);
      if (!opened) return null;
      const { may } = opened;
      return {
        opened,
        messages: may.message ? await conversationIn(context, tx, id) : null,
        history: await historyIn(context, tx, id),
        ledger: may.manageConsent ? await ledgerIn(context, tx, id) : null,
        colleagues: may.work ? await serviceColleagues(context, tx, id, opened.service?.queueRole ?? null) : [],
        lineManager: may.manageConsent ? await myLineManager(context, tx) : null,
        risk: may.readRisk ? await latestRiskIn(context, tx, id) : null,
        questions: may.assessRisk ? await riskQuestions(tx) : [],
      };
    },
    exists: requestExists,
    details: { via: "page" },
    shown: (page) => ({ shown: { ...shownOf(page.opened), messages: page.messages !== null, ledger: page.ledger !== null, risk: page.risk !== null } }),
  });
}

export type RequestPage = Awaited<ReturnType<typeof requestPage>>;
