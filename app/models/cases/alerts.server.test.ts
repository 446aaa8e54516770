import { beforeAll, expect, it } from "vitest";
import { openCase } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { createPoliceSuspectCase } from "~/models/cases/case.server";
import { ChangeRejected } from "~/utils/forms";
import { describeEachDatabase } from "../../../tests/support/database";
import { fictionalIntake } from "../../../tests/support/cases";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { AlertReviewSchema, alertQueue, readAlert, reviewAlert } from "./alerts.server";

describeEachDatabase("PSD's alert queue: listed, read and reviewed through the guard", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => {
    const id = seed.ids.people[key];
    if (!id) throw new Error(`no seed person ${key}`);
    return id;
  };
  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, person(key));
  const review = (version: number, outcome = "NO_FURTHER_ACTION") =>
    AlertReviewSchema.parse({ outcome, note: "Fictional: checked with the officer's supervisor.", version: String(version) });

  /** A case reported by Alys about Kieran, and an attempt on it by Jordan (not on its access list): one alert. */
  async function newAlert(): Promise<{ id: string; caseId: string; version: number }> {
    const { prisma } = use();
    const created = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: fictionalIntake(person("pcDuxbury")) }),
    );
    expect(await statusOf(openCase(await contextFor("pcMistryOake"), created.reference))).toBe(404);
    const alert = await prisma.accessAlert.findFirstOrThrow({ where: { caseId: created.id }, select: { id: true, version: true } });
    return { ...alert, caseId: created.id };
  }

  const lastAudit = (actorKey: string) => use().prisma.auditEvent.findFirstOrThrow({ where: { actorId: person(actorKey) }, orderBy: { id: "desc" } });

  beforeAll(async () => {
    seed = await seedDemoOrganisation(use().prisma, { passwordHash: "$argon2id$not-a-real-hash" });
  });

  it("lists the queue for PSD, audited as a list, and refuses it (403, audited) to a constable", async () => {
    const alert = await newAlert();
    const queue = await alertQueue(await contextFor("psdInspector"), false);
    expect(queue.map((row) => row.id)).toContain(alert.id);
    expect(queue.find((row) => row.id === alert.id)).toMatchObject({ person: expect.stringContaining("Mistry-Oake"), outcome: null });
    expect(await lastAudit("psdInspector")).toMatchObject({
      action: "access.list",
      subjectType: "AccessAlert",
      outcome: "ALLOWED",
      details: JSON.stringify({ count: queue.length, reviewed: false }),
    });
    expect(await alertQueue(await contextFor("psdInspector"), true)).toEqual([]);

    expect(await statusOf(alertQueue(await contextFor("pcPenhallow"), false))).toBe(403);
    expect(await lastAudit("pcPenhallow")).toMatchObject({ action: "access.list", subjectType: "AccessAlert", outcome: "REFUSED" });
  });

  it("shows one alert to PSD and answers 'not found' to anyone else, as for no alert at all, auditing each", async () => {
    const alert = await newAlert();
    expect(await readAlert(await contextFor("psdHead"), alert.id)).toMatchObject({ id: alert.id, version: alert.version });
    expect(await lastAudit("psdHead")).toMatchObject({ action: "access.read", subjectType: "AccessAlert", subjectId: alert.id, outcome: "ALLOWED" });

    // The person the alert is about, and the suspect's line manager.
    for (const key of ["pcMistryOake", "ashSergeant"]) {
      expect(await statusOf(readAlert(await contextFor(key), alert.id)), key).toBe(404);
      expect(await lastAudit(key)).toMatchObject({ action: "access.read", subjectId: alert.id, outcome: "REFUSED", reason: "outside access scope" });
    }
    const missing = "00000000-0000-4000-8000-0000000000ab";
    expect(await statusOf(readAlert(await contextFor("psdHead"), missing))).toBe(404);
    expect(await lastAudit("psdHead")).toMatchObject({ subjectId: missing, outcome: "FAILURE", reason: "no such record" });
  });

  it("records PSD's outcome with its audit row, and refuses a second outcome on the same version, writing nothing", async () => {
    const { prisma } = use();
    const alert = await newAlert();
    await reviewAlert(await contextFor("psdInspector"), alert.id, review(alert.version));
    expect(await prisma.accessAlert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      outcome: "NO_FURTHER_ACTION",
      reviewedById: person("psdInspector"),
      version: alert.version + 1,
    });
    expect(await lastAudit("psdInspector")).toMatchObject({
      action: "alert.review",
      subjectType: "AccessAlert",
      subjectId: alert.id,
      outcome: "SUCCESS",
      details: JSON.stringify({ outcome: "NO_FURTHER_ACTION" }),
    });

    const auditRows = await prisma.auditEvent.count();
    await expect(reviewAlert(await contextFor("psdHead"), alert.id, review(alert.version, "REFERRED_FOR_MISCONDUCT"))).rejects.toBeInstanceOf(ChangeRejected);
    expect(await prisma.accessAlert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      outcome: "NO_FURTHER_ACTION",
      reviewedById: person("psdInspector"),
    });
    expect(await prisma.auditEvent.count()).toBe(auditRows);
  });

  it("refuses a review posted after the officer became conflicted on the case since the page loaded: 'not found', audited, nothing changed", async () => {
    const { prisma } = use();
    const alert = await newAlert();
    const officer = await contextFor("psdInspector");
    expect(await readAlert(officer, alert.id)).toMatchObject({ id: alert.id });
    // Committed between the page load and the form post.
    await prisma.caseConflict.create({ data: { caseId: alert.caseId, personId: person("psdInspector"), reason: "line chain" } });
    expect(await statusOf(reviewAlert(officer, alert.id, review(alert.version)))).toBe(404);
    expect(await prisma.accessAlert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      outcome: null,
      reviewedById: null,
      version: alert.version,
    });
    expect(await lastAudit("psdInspector")).toMatchObject({ action: "alert.review", subjectId: alert.id, outcome: "REFUSED", reason: "outside access scope" });
  });
});
