import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAuditCheckpoint } from "~/utils/audit-checkpoint.server";
import { DEMO_AUDIT_KEY } from "~/utils/audit-key.server";
import { appendAudit } from "~/utils/audit.server";
import { verifyAuditExport } from "../../scripts/verify-audit-export.mjs";
import { describeEachDatabase } from "../../tests/support/database";
import { makeCase, makePerson } from "../../tests/support/factories";
import { contextForPerson } from "../../tests/support/people";
import { statusOf } from "../../tests/support/responses";
import { exportAuditTrail } from "./audit-export.server";

const VERIFIER = join(import.meta.dirname, "../../scripts/verify-audit-export.mjs");

describeEachDatabase("the auditor's export of the audit trail, verified offline", (use) => {
  const ids: Record<string, string> = {};
  let dir: string;

  beforeAll(async () => {
    const { prisma } = use();
    dir = mkdtempSync(join(tmpdir(), "retention-export-test-"));
    for (const [key, roles] of [
      ["admin", ["ADMINISTRATOR"]],
      ["auditor", ["AUDITOR"]],
      ["constable", []],
      ["reporter", []],
      ["suspect", []],
    ] as const) {
      ids[key] = (await makePerson(prisma, { firstName: key, roles: [...roles] })).id;
    }
    // Rows about a case file (an administrator may not read them) and a checkpoint anchoring the trail so far.
    const created = await makeCase(prisma, ids.reporter!, ids.suspect!);
    await prisma.$transaction((tx) =>
      appendAudit(tx, { action: "access.read", subjectType: "PoliceSuspectCase", subjectId: created.id, outcome: "ALLOWED", actorId: ids.reporter }),
    );
    await contextForPerson(prisma, ids.constable!).then((context) => statusOf(exportAuditTrail(context, {}, { checkpointDir: dir })));
    expect((await createAuditCheckpoint(prisma, { dir })).outcome).toBe("written");
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The export as the client receives it: the streamed file read to its end. */
  const exportAs = async (who: string, period = {}, options: { pageSize?: number; now?: Date } = {}) => {
    const exported = await exportAuditTrail(await contextForPerson(use().prisma, ids[who]!), period, { checkpointDir: dir, ...options });
    return { ...exported, body: await new Response(exported.body).text() };
  };

  it("gives the auditor the whole trail with its seals and checkpoint, which verifies offline, with and without the key", async () => {
    const exported = await exportAs("auditor");
    expect(exported.checkpointSeq).not.toBeNull();
    const report = verifyAuditExport(exported.body);
    expect(report).toMatchObject({ ok: true, entries: exported.entries, withContent: exported.entries });
    expect(report.checkpoint).toContain(`entry ${exported.checkpointSeq}`);
    expect(verifyAuditExport(exported.body, { key: DEMO_AUDIT_KEY }).ok).toBe(true);
    // The documented command, as an auditor would run it.
    const file = join(dir, "export.jsonl");
    writeFileSync(file, exported.body);
    const run = spawnSync(process.execPath, [VERIFIER, file], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Audit export intact");
    // The download itself is audited.
    const audited = await use().prisma.auditEvent.findFirstOrThrow({ where: { action: "audit.export", actorId: ids.auditor }, orderBy: { id: "desc" } });
    expect(audited.outcome).toBe("ALLOWED");
  });

  it("fails a tampered export: an altered row, a removed entry, a recomputed seal, a forged checkpoint or the wrong key", async () => {
    const { body } = await exportAs("auditor");
    const lines = body.trim().split("\n");
    const entry = lines.findIndex((line) => line.includes('"action":"access.list"') || line.includes('"event":{'));
    const altered = [...lines];
    altered[entry] = altered[entry]!.replace(/"action":"[^"]+"/, '"action":"auth.sign_in"');
    expect(verifyAuditExport(altered.join("\n"))).toMatchObject({ ok: false, problem: { line: entry + 1 } });
    const removed = lines.filter((_, i) => i !== 2);
    expect(verifyAuditExport(removed.join("\n")).ok).toBe(false);
    const resealed = [...lines];
    resealed[entry] = resealed[entry]!.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${"a".repeat(64)}"`);
    expect(verifyAuditExport(resealed.join("\n")).ok).toBe(false);
    const forged = [...lines];
    forged[forged.length - 1] = forged[forged.length - 1]!.replace(/"at":"[^"]+"/, '"at":"2020-01-01T00:00:00.000Z"');
    expect(verifyAuditExport(forged.join("\n"), { key: DEMO_AUDIT_KEY }).ok).toBe(false);
    expect(verifyAuditExport(body, { key: "someone else's key, long enough to be a key" }).ok).toBe(false);
    const file = join(dir, "tampered.jsonl");
    writeFileSync(file, altered.join("\n"));
    expect(spawnSync(process.execPath, [VERIFIER, file], { encoding: "utf8" }).status).toBe(1);
  });

  it("gives an administrator the rows about case files as seals only, and the chain still verifies; a period too", async () => {
    const exported = await exportAs("admin");
    const report = verifyAuditExport(exported.body, { key: DEMO_AUDIT_KEY });
    expect(report.ok).toBe(true);
    expect(report.withContent).toBeLessThan(exported.entries);
    expect(exported.body).not.toContain('"subjectType":"PoliceSuspectCase"');
    const period = await exportAs("auditor", { from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) });
    expect(verifyAuditExport(period.body).ok).toBe(true);
  });

  it("streams a trail longer than one page, page by page, into the same bytes, which verify offline", async () => {
    const now = new Date();
    const whole = await exportAs("auditor", {}, { now });
    // Pages of two entries: the trail so far (seven or more entries) takes four pages or more.
    expect(whole.entries).toBeGreaterThan(6);
    const paged = await exportAs("auditor", {}, { now, pageSize: 2 });
    expect(verifyAuditExport(paged.body, { key: DEMO_AUDIT_KEY })).toMatchObject({ ok: true, entries: paged.entries, withContent: paged.entries });
    // Byte for byte the one-page file, but for the entries the first export's own audit row added to the chain.
    expect(paged.body.split("\n").slice(1, whole.entries + 1)).toEqual(whole.body.split("\n").slice(1, whole.entries + 1));
    const audited = await use().prisma.auditEvent.findFirstOrThrow({ where: { action: "audit.export", actorId: ids.auditor }, orderBy: { id: "desc" } });
    expect(JSON.parse(audited.details!)).toMatchObject({ entries: paged.entries, firstSeq: paged.firstSeq, lastSeq: paged.lastSeq });
  });

  it("cuts the file off, audited, when the right is withdrawn during the download, and the cut file fails the check", async () => {
    const { prisma } = use();
    const leaver = (await makePerson(prisma, { firstName: "leaver", roles: ["AUDITOR"] })).id;
    const exported = await exportAuditTrail(await contextForPerson(prisma, leaver), {}, { checkpointDir: dir, pageSize: 5 });
    const reader = exported.body.getReader();
    let received = new TextDecoder().decode((await reader.read()).value);
    await prisma.roleAssignment.deleteMany({ where: { personId: leaver } });
    await expect(
      (async () => {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += new TextDecoder().decode(chunk.value);
      })(),
    ).rejects.toThrow(/cut off/);
    expect(verifyAuditExport(received).ok).toBe(false);
    expect(await prisma.auditEvent.count({ where: { action: "audit.export", outcome: "REFUSED", actorId: leaver } })).toBe(1);
  });

  it("answers anyone else as if there were nothing there, and audits the attempt", async () => {
    const { prisma } = use();
    expect(await statusOf(exportAs("constable"))).toBe(404);
    expect(await prisma.auditEvent.count({ where: { action: "audit.export", outcome: "REFUSED", actorId: ids.constable } })).toBe(2);
  });
});
