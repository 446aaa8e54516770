-- CreateEnum
CREATE TYPE "unit_kind" AS ENUM ('BCU', 'OCU', 'DEPARTMENT');

-- CreateEnum
CREATE TYPE "employee_type" AS ENUM ('OFFICER', 'STAFF');

-- CreateEnum
CREATE TYPE "rank" AS ENUM ('CONSTABLE', 'SERGEANT', 'INSPECTOR', 'CHIEF_INSPECTOR', 'SUPERINTENDENT', 'CHIEF_SUPERINTENDENT', 'ASSISTANT_CHIEF_CONSTABLE', 'DEPUTY_CHIEF_CONSTABLE', 'CHIEF_CONSTABLE');

-- CreateEnum
CREATE TYPE "role" AS ENUM ('DA_COORDINATOR', 'CAIU_SUPERVISOR', 'DUTY_INSPECTOR', 'PSD_OFFICER', 'HEAD_OF_PSD', 'NPCC_OFFICER', 'CHIEF_OFFICER', 'DA_CHAMPION', 'STAFF_IDVA_LIAISON', 'OCCUPATIONAL_HEALTH', 'WELFARE', 'ADMINISTRATOR');

-- CreateEnum
CREATE TYPE "outbox_status" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "force" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL,
    "isHome" BOOLEAN NOT NULL DEFAULT false,
    "npccContactEmail" TEXT,
    "psdContactEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "force_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "unit" (
    "id" UUID NOT NULL,
    "forceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "unit_kind" NOT NULL,
    "commanderId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_grade" (
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "equivalentRank" "rank" NOT NULL,

    CONSTRAINT "staff_grade_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "person" (
    "id" UUID NOT NULL,
    "forceId" UUID NOT NULL,
    "unitId" UUID,
    "lineManagerId" UUID,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "preferredName" TEXT,
    "pronouns" TEXT,
    "workEmail" TEXT NOT NULL,
    "employeeType" "employee_type" NOT NULL,
    "rank" "rank",
    "staffGradeCode" TEXT,
    "level" INTEGER NOT NULL,
    "collarNumber" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_assignment" (
    "personId" UUID NOT NULL,
    "role" "role" NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "grantedById" UUID,

    CONSTRAINT "role_assignment_pkey" PRIMARY KEY ("personId","role")
);

-- CreateTable
CREATE TABLE "credential" (
    "personId" UUID NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastFailedAt" TIMESTAMP(3),
    "lockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "credential_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "secretHash" BYTEA NOT NULL,
    "personId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idleExpiresAt" TIMESTAMP(3) NOT NULL,
    "absoluteExpiresAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "actorId" UUID,
    "action" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "details" TEXT,
    "contentHash" TEXT NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_seal" (
    "seq" BIGINT NOT NULL,
    "eventId" BIGINT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_seal_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" UUID NOT NULL,
    "toAddress" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" "outbox_status" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseExpiresAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "force_name_key" ON "force"("name");

-- CreateIndex
CREATE UNIQUE INDEX "force_shortName_key" ON "force"("shortName");

-- CreateIndex
CREATE UNIQUE INDEX "unit_forceId_name_key" ON "unit"("forceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "person_workEmail_key" ON "person"("workEmail");

-- CreateIndex
CREATE INDEX "person_lineManagerId_idx" ON "person"("lineManagerId");

-- CreateIndex
CREATE INDEX "person_unitId_idx" ON "person"("unitId");

-- CreateIndex
CREATE INDEX "person_lastName_firstName_idx" ON "person"("lastName", "firstName");

-- CreateIndex
CREATE INDEX "role_assignment_role_idx" ON "role_assignment"("role");

-- CreateIndex
CREATE INDEX "session_personId_idx" ON "session"("personId");

-- CreateIndex
CREATE INDEX "audit_event_actorId_id_idx" ON "audit_event"("actorId", "id");

-- CreateIndex
CREATE INDEX "audit_event_subjectType_subjectId_id_idx" ON "audit_event"("subjectType", "subjectId", "id");

-- CreateIndex
CREATE INDEX "audit_event_action_id_idx" ON "audit_event"("action", "id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_seal_eventId_key" ON "audit_seal"("eventId");

-- CreateIndex
CREATE INDEX "outbox_message_status_nextAttemptAt_idx" ON "outbox_message"("status", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "unit" ADD CONSTRAINT "unit_forceId_fkey" FOREIGN KEY ("forceId") REFERENCES "force"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "unit" ADD CONSTRAINT "unit_commanderId_fkey" FOREIGN KEY ("commanderId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_forceId_fkey" FOREIGN KEY ("forceId") REFERENCES "force"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_lineManagerId_fkey" FOREIGN KEY ("lineManagerId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_staffGradeCode_fkey" FOREIGN KEY ("staffGradeCode") REFERENCES "staff_grade"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_assignment" ADD CONSTRAINT "role_assignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credential" ADD CONSTRAINT "credential_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_seal" ADD CONSTRAINT "audit_seal_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "audit_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─── Written by hand: the audit trail is append-only and sealed into a hash chain at commit ───────────────────

CREATE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON "audit_seal"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON "audit_seal"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Runs at COMMIT (a deferred constraint trigger), so the lock that orders the chain is held only while the commit
-- itself runs, never while the application is still working inside the transaction. Rolled-back rows are never
-- sealed. The lock makes writers take turns; each sees the seal committed before it (READ COMMITTED).
CREATE FUNCTION audit_event_seal() RETURNS trigger AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(7412001);
  SELECT "seq", "hash" INTO last_seq, last_hash FROM "audit_seal" ORDER BY "seq" DESC LIMIT 1;
  last_seq := COALESCE(last_seq, 0) + 1;
  last_hash := COALESCE(last_hash, repeat('0', 64));
  INSERT INTO "audit_seal" ("seq", "eventId", "prevHash", "hash")
  VALUES (last_seq, NEW."id", last_hash,
          encode(sha256(convert_to(last_hash || ':' || last_seq::text || ':' || NEW."contentHash", 'UTF8')), 'hex'));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER audit_event_sealed_at_commit AFTER INSERT ON "audit_event"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION audit_event_seal();
