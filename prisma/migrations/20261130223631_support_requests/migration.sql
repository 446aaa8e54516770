-- CreateEnum
CREATE TYPE "support_service_kind" AS ENUM ('STAFF_IDVA', 'DA_CHAMPION', 'OCCUPATIONAL_HEALTH', 'WELFARE', 'STAFF_ASSOCIATION', 'TRADE_UNION', 'LINE_MANAGER', 'PUBLIC_PROTECTION', 'NATIONAL_HELPLINE');

-- CreateEnum
CREATE TYPE "support_request_status" AS ENUM ('DRAFT', 'SUBMITTED', 'ACKNOWLEDGED', 'CLOSED');

-- CreateEnum
CREATE TYPE "risk_level" AS ENUM ('STANDARD', 'MEDIUM', 'HIGH');

-- CreateTable
CREATE TABLE "support_service" (
    "id" UUID NOT NULL,
    "kind" "support_service_kind" NOT NULL,
    "name" TEXT NOT NULL,
    "offers" TEXT NOT NULL,
    "howToReach" TEXT NOT NULL,
    "insideForce" BOOLEAN NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "queueRole" "role",
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "support_service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "support_request" (
    "id" UUID NOT NULL,
    "employeeId" UUID NOT NULL,
    "serviceId" UUID,
    "status" "support_request_status" NOT NULL DEFAULT 'DRAFT',
    "supportWanted" TEXT NOT NULL DEFAULT '',
    "message" TEXT NOT NULL DEFAULT '',
    "safeChannels" TEXT[],
    "unsafeChannels" TEXT[],
    "safeTimes" TEXT NOT NULL DEFAULT '',
    "safeContactNote" TEXT NOT NULL DEFAULT '',
    "safeWord" TEXT NOT NULL DEFAULT '',
    "shareWithService" TEXT[],
    "draftExpiresAt" TIMESTAMP(3),
    "termsAcceptedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "assignedToId" UUID,
    "acknowledgedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "support_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "support_consent" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "serviceId" UUID,
    "queueRole" "role",
    "personId" UUID,
    "shares" TEXT[],
    "reason" TEXT NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "support_consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "support_message" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "fromEmployee" BOOLEAN NOT NULL,
    "body" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "support_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "support_event" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "support_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "safeguarding_override" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "ground" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "tellEmployee" BOOLEAN NOT NULL,
    "withheldReason" TEXT NOT NULL DEFAULT '',
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "safeguarding_override_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_question" (
    "id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "risk_question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_assessment" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "assessorId" UUID NOT NULL,
    "answers" JSONB NOT NULL,
    "yesCount" INTEGER NOT NULL,
    "scoredLevel" "risk_level" NOT NULL,
    "level" "risk_level" NOT NULL,
    "rationale" TEXT NOT NULL DEFAULT '',
    "idvaReferral" BOOLEAN NOT NULL DEFAULT false,
    "maracReferral" BOOLEAN NOT NULL DEFAULT false,
    "assessedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "risk_assessment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "support_service_kind_key" ON "support_service"("kind");

-- CreateIndex
CREATE INDEX "support_request_employeeId_status_idx" ON "support_request"("employeeId", "status");

-- CreateIndex
CREATE INDEX "support_request_status_draftExpiresAt_idx" ON "support_request"("status", "draftExpiresAt");

-- CreateIndex
CREATE INDEX "support_request_serviceId_status_idx" ON "support_request"("serviceId", "status");

-- CreateIndex
CREATE INDEX "support_consent_requestId_idx" ON "support_consent"("requestId");

-- CreateIndex
CREATE INDEX "support_consent_personId_idx" ON "support_consent"("personId");

-- CreateIndex
CREATE INDEX "support_consent_queueRole_idx" ON "support_consent"("queueRole");

-- CreateIndex
CREATE INDEX "support_message_requestId_sentAt_idx" ON "support_message"("requestId", "sentAt");

-- CreateIndex
CREATE INDEX "support_event_requestId_at_idx" ON "support_event"("requestId", "at");

-- CreateIndex
CREATE INDEX "safeguarding_override_requestId_idx" ON "safeguarding_override"("requestId");

-- CreateIndex
CREATE INDEX "safeguarding_override_personId_idx" ON "safeguarding_override"("personId");

-- CreateIndex
CREATE INDEX "risk_assessment_requestId_assessedAt_idx" ON "risk_assessment"("requestId", "assessedAt");

-- AddForeignKey
ALTER TABLE "support_request" ADD CONSTRAINT "support_request_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_request" ADD CONSTRAINT "support_request_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "support_service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_request" ADD CONSTRAINT "support_request_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_consent" ADD CONSTRAINT "support_consent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "support_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_consent" ADD CONSTRAINT "support_consent_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "support_service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_consent" ADD CONSTRAINT "support_consent_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_message" ADD CONSTRAINT "support_message_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "support_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_message" ADD CONSTRAINT "support_message_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_event" ADD CONSTRAINT "support_event_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "support_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "safeguarding_override" ADD CONSTRAINT "safeguarding_override_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "support_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_assessment" ADD CONSTRAINT "risk_assessment_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "support_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the support route's records of what happened cannot be rewritten afterwards.
-- Messages, events, safeguarding overrides and risk assessments are never changed or deleted (a message may only be
-- marked read once); a consent may only be withdrawn (once), never changed otherwise or deleted.
-- Shared with the later append-only tables (the incident log, guide revisions, safety-measure grants).
CREATE FUNCTION append_only_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION support_message_mark_read_only() RETURNS trigger AS $$
BEGIN
  IF OLD."readAt" IS NULL AND NEW."readAt" IS NOT NULL
     AND NEW."id" = OLD."id" AND NEW."requestId" = OLD."requestId" AND NEW."authorId" = OLD."authorId"
     AND NEW."fromEmployee" = OLD."fromEmployee" AND NEW."body" = OLD."body" AND NEW."sentAt" = OLD."sentAt" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'support_message is append-only: only marking it read is allowed' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION support_consent_withdraw_only() RETURNS trigger AS $$
BEGIN
  IF OLD."withdrawnAt" IS NULL AND NEW."withdrawnAt" IS NOT NULL
     AND NEW."id" = OLD."id" AND NEW."requestId" = OLD."requestId"
     AND NEW."serviceId" IS NOT DISTINCT FROM OLD."serviceId" AND NEW."queueRole" IS NOT DISTINCT FROM OLD."queueRole"
     AND NEW."personId" IS NOT DISTINCT FROM OLD."personId" AND NEW."shares" = OLD."shares"
     AND NEW."reason" = OLD."reason" AND NEW."grantedAt" = OLD."grantedAt" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'support_consent: a consent can only be withdrawn, once' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER support_message_append_only BEFORE UPDATE ON "support_message"
  FOR EACH ROW EXECUTE FUNCTION support_message_mark_read_only();
CREATE TRIGGER support_message_no_delete BEFORE DELETE ON "support_message"
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
CREATE TRIGGER support_consent_withdraw_only BEFORE UPDATE ON "support_consent"
  FOR EACH ROW EXECUTE FUNCTION support_consent_withdraw_only();
CREATE TRIGGER support_consent_no_delete BEFORE DELETE ON "support_consent"
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
CREATE TRIGGER support_event_append_only BEFORE UPDATE OR DELETE ON "support_event"
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
CREATE TRIGGER safeguarding_override_append_only BEFORE UPDATE OR DELETE ON "safeguarding_override"
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
CREATE TRIGGER risk_assessment_append_only BEFORE UPDATE OR DELETE ON "risk_assessment"
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
-- A draft is the employee's alone: it never has consents, messages or other records, so deleting an abandoned draft
-- never needs to delete anything above.
