// A crafted link can make a colleague's browser attempt a restricted case. The attempt is still refused, audited and
// alerted, and PSD sees how it came: from the portal's own page, typed in, or from a link on another site (its origin
// only). So a link cannot quietly frame a colleague, and an attempt made from inside the portal cannot pass for one.
import type { LoaderFunctionArgs } from "react-router";
import { expect, it } from "vitest";
import { setDatabase } from "~/db.server";
import { alertQueue } from "~/models/cases/alerts.server";
import { caseAccessLog } from "~/models/cases/access-log.server";
import { loader as caseLoader } from "~/routes/records.$reference._index";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { describeEachDatabase } from "../support/database";
import { makeCase } from "../support/factories";
import { contextForPerson } from "../support/people";
import { sessionCookie } from "../support/requests";
import { statusOf } from "../support/responses";
import { routerArgs } from "../support/router";

const CHAT = "https://chat.example.invalid";

describeEachDatabase("how an attempt on a restricted case came", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  it("a link on another site, a typed address and the portal's own page: each refused alike, each recorded as it came", async () => {
    const database = use();
    const { prisma } = database;
    setDatabase(database);
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const created = await makeCase(prisma, person("pcPenhallow"), person("pcDuxbury"));
    const cookie = await sessionCookie(prisma, person("pcsoCrowhurst"));
    const mailBefore = (await prisma.outboxMessage.findMany({ select: { id: true } })).map((row) => row.id);
    const attempt = async (headers: Record<string, string>, suffix = "") =>
      statusOf(
        Promise.resolve(
          caseLoader(
            (await routerArgs(new Request(`http://localhost/records/${created.reference}${suffix}`, { headers: { cookie, ...headers } }), {
              reference: created.reference,
            })) as LoaderFunctionArgs,
          ),
        ),
      );
    expect(await attempt({ "sec-fetch-site": "cross-site", referer: `${CHAT}/rooms/42?case=${created.reference}` })).toBe(404);
    expect(await attempt({ "sec-fetch-site": "none" })).toBe(404);
    expect(await attempt({ "sec-fetch-site": "same-origin", referer: "http://localhost/records" })).toBe(404);

    const alerts = await prisma.accessAlert.findMany({ where: { caseId: created.id, personId: person("pcsoCrowhurst") }, orderBy: { raisedAt: "asc" } });
    expect(alerts.map((alert) => [alert.kind, alert.arrival, alert.arrivalOrigin])).toEqual([
      ["UNLISTED_ATTEMPT", "other-site", CHAT],
      ["UNLISTED_ATTEMPT", "typed", null],
      ["UNLISTED_ATTEMPT", "portal", null],
    ]);
    const audit = await prisma.auditEvent.findMany({ where: { actorId: person("pcsoCrowhurst"), subjectId: created.id }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [row.outcome, JSON.parse(row.details!)])).toEqual([
      ["REFUSED", { via: "page", arrival: "other-site", from: CHAT }],
      ["REFUSED", { via: "page", arrival: "typed" }],
      ["REFUSED", { via: "page", arrival: "portal" }],
    ]);
    // Only the origin: the other site's page and its query are nowhere.
    for (const row of audit) expect(row.details).not.toContain("rooms");

    // PSD's alert mail says how each attempt came, and nothing of what was attempted: no reference, no names.
    const mail = await prisma.outboxMessage.findMany({ where: { id: { notIn: mailBefore } }, orderBy: { createdAt: "asc" } });
    const psdInspectorMail = mail.filter((message) => message.toAddress === "callum.ferrisby@northshire.police.invalid");
    expect(psdInspectorMail.map((message) => message.text.split("\n\n")[2])).toEqual([
      `It was followed from another site: ${CHAT}`,
      "It was typed in or bookmarked: no page linked to it.",
      "It came from a page of this portal.",
    ]);
    for (const message of mail) {
      expect(message.text).toContain("/alerts");
      expect(`${message.subject} ${message.text} ${message.html}`).not.toMatch(new RegExp(`${created.reference}|Crowhurst|Duxbury|Penhallow|rooms`, "i"));
    }

    // PSD sees it on the alert and in the case's access log.
    const psd = await contextForPerson(prisma, person("psdInspector"));
    const queue = (await alertQueue(psd, false)).filter((alert) => alert.reference === created.reference && alert.person.includes("Crowhurst"));
    expect(queue.map((alert) => alert.arrival)).toEqual([
      `From a link on another site (${CHAT})`,
      "Typed in or bookmarked (no page linked to it)",
      "From one of the portal's own pages",
    ]);
    const log = await prisma.$transaction((tx) => caseAccessLog(tx, created.id));
    expect(log.filter((row) => row.outcome === "REFUSED").map((row) => row.arrival)).toEqual([
      "From one of the portal's own pages",
      "Typed in or bookmarked (no page linked to it)",
      `From a link on another site (${CHAT})`,
    ]);
  });
});
