-- CreateEnum
CREATE TYPE "subject_access_status" AS ENUM ('RECEIVED', 'ASSEMBLED', 'DELIVERED');

-- CreateTable
CREATE TABLE "retention_rule" (
    "recordType" TEXT NOT NULL,
    "startsFrom" TEXT NOT NULL,
    "keepMonths" INTEGER NOT NULL,
    "keepDays" INTEGER NOT NULL DEFAULT 0,
    "disposal" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "retention_rule_pkey" PRIMARY KEY ("recordType")
);

-- CreateTable
CREATE TABLE "retention_tombstone" (
    "id" UUID NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" UUID NOT NULL,
    "reference" TEXT,
    "closedAt" TIMESTAMP(3),
    "disposedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "retention_tombstone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "legal_hold" (
    "id" UUID NOT NULL,
    "caseId" UUID,
    "personId" UUID,
    "reason" TEXT NOT NULL,
    "reviewDue" TIMESTAMP(3) NOT NULL,
    "placedById" UUID NOT NULL,
    "placedAt" TIMESTAMP(3) NOT NULL,
    "liftedById" UUID,
    "liftedAt" TIMESTAMP(3),
    "liftReason" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "legal_hold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subject_access_request" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "recordedById" UUID NOT NULL,
    "status" "subject_access_status" NOT NULL DEFAULT 'RECEIVED',
    "assembledAt" TIMESTAMP(3),
    "assembledById" UUID,
    "deliveredAt" TIMESTAMP(3),
    "deliveredById" UUID,

    CONSTRAINT "subject_access_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subject_access_item" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "sourceType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "disclosed" BOOLEAN NOT NULL,
    "exemption" TEXT,

    CONSTRAINT "subject_access_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "retention_tombstone_disposedAt_idx" ON "retention_tombstone"("disposedAt");

-- CreateIndex
CREATE UNIQUE INDEX "retention_tombstone_recordType_recordId_key" ON "retention_tombstone"("recordType", "recordId");

-- CreateIndex
CREATE INDEX "legal_hold_caseId_liftedAt_idx" ON "legal_hold"("caseId", "liftedAt");

-- CreateIndex
CREATE INDEX "legal_hold_personId_liftedAt_idx" ON "legal_hold"("personId", "liftedAt");

-- CreateIndex
CREATE INDEX "subject_access_request_status_dueAt_idx" ON "subject_access_request"("status", "dueAt");

-- CreateIndex
CREATE INDEX "subject_access_request_personId_idx" ON "subject_access_request"("personId");

-- CreateIndex
CREATE INDEX "subject_access_item_requestId_idx" ON "subject_access_item"("requestId");

-- AddForeignKey
ALTER TABLE "subject_access_item" ADD CONSTRAINT "subject_access_item_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "subject_access_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Written by hand (ADR 104) ─────────────────────────────────────────────────────────────────────────────────

-- A legal hold covers exactly one case or one person's records.
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_one_target" CHECK (("caseId" IS NULL) <> ("personId" IS NULL));

-- The append-only records of a support request (messages, events, consents, overrides, risk assessments) and a case's
-- quiet reads are never changed or deleted, except by the retention job: it deletes a whole record that is due, in a
-- transaction that first says so with SET LOCAL portal.retention_disposal = 'on'. Anything else is still refused, and
-- the audit trail's own triggers (audit_refuse_change) have no such exception.
CREATE OR REPLACE FUNCTION append_only_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('portal.retention_disposal', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

-- The force's defaults (README, "Retention"). Administrators see them and what falls due; changing them is a migration.
INSERT INTO "retention_rule" ("recordType", "startsFrom", "keepMonths", "keepDays", "disposal", "basis", "updatedAt") VALUES
  ('SUPPORT_DRAFT', 'the draft was last saved', 0, 30, 'DELETE',
   'An unsent draft is the employee''s alone; the support route promises it is deleted 30 days after its last save.', CURRENT_TIMESTAMP),
  ('SUPPORT_REQUEST', 'the request was closed', 72, 0, 'DELETE',
   'The force''s records policy: support and welfare records are kept for 6 years after the matter closed (the limitation period for a civil claim).', CURRENT_TIMESTAMP),
  ('POLICE_SUSPECT_CASE', 'the case was closed', 120, 0, 'DELETE',
   'Closed + the conduct retention period. The force''s seed policies give no figure; 10 years is the Management of Police Information review period for violent and serious offences (group 2), which domestic abuse falls under, and is longer than the 6 years kept for support records. The force''s records manager should confirm it.', CURRENT_TIMESTAMP),
  ('AUDIT_EVENT', 'the row was written', 0, 0, 'KEEP',
   'Kept longer than everything it describes: the job never deletes it (the hash chain would break). At decommissioning the trail is exported with its seals and kept for 12 years after the last record it describes.', CURRENT_TIMESTAMP);
