-- CreateEnum
CREATE TYPE "case_status" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "received_how" AS ENUM ('IN_PERSON', 'TELEPHONE', 'EMAIL_OR_MESSAGE', 'IN_WRITING', 'SELF_REPORT', 'OTHER');

-- CreateEnum
CREATE TYPE "victim_kind" AS ENUM ('EMPLOYEE', 'MEMBER_OF_PUBLIC');

-- CreateEnum
CREATE TYPE "access_capacity" AS ENUM ('PROFESSIONAL_STANDARDS', 'SUPERVISING_OFFICER', 'CRIMINAL_INVESTIGATOR', 'CONDUCT_INVESTIGATOR', 'SAFEGUARDING', 'OVERSIGHT');

-- CreateEnum
CREATE TYPE "declaration_state" AS ENUM ('MISSING', 'NO_CONNECTION', 'PENDING_REVIEW', 'CLEARED', 'REMOVED');

-- CreateEnum
CREATE TYPE "review_decision" AS ENUM ('CLEARED', 'REMOVED');

-- CreateEnum
CREATE TYPE "alert_kind" AS ENUM ('UNLISTED_ATTEMPT', 'BREAK_GLASS', 'MISSING_DECLARATION');

-- CreateEnum
CREATE TYPE "alert_outcome" AS ENUM ('LEGITIMATE', 'ADVICE_GIVEN', 'REFERRED_FOR_MISCONDUCT', 'NO_FURTHER_ACTION');

-- CreateTable
CREATE TABLE "police_suspect_case" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "status" "case_status" NOT NULL DEFAULT 'OPEN',
    "reportedById" UUID NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "receivedHow" "received_how" NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "suspectPersonId" UUID,
    "suspectName" TEXT,
    "suspectForceId" UUID NOT NULL,
    "victimKind" "victim_kind" NOT NULL,
    "victimPersonId" UUID,
    "victimName" TEXT,
    "victimContact" TEXT,
    "childrenInvolved" BOOLEAN NOT NULL,
    "immediateDanger" BOOLEAN NOT NULL,
    "account" TEXT NOT NULL,
    "supervisingOfficerId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "police_suspect_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_conflict" (
    "caseId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "case_conflict_pkey" PRIMARY KEY ("caseId","personId")
);

-- CreateTable
CREATE TABLE "case_access" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "capacity" "access_capacity" NOT NULL,
    "reason" TEXT NOT NULL,
    "grantedById" UUID,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "revokedById" UUID,
    "declarationState" "declaration_state" NOT NULL DEFAULT 'MISSING',

    CONSTRAINT "case_access_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conflict_declaration" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "hasConnection" BOOLEAN NOT NULL,
    "connections" TEXT[],
    "details" TEXT,
    "declaredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conflict_declaration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "declaration_review" (
    "id" UUID NOT NULL,
    "declarationId" UUID NOT NULL,
    "decision" "review_decision" NOT NULL,
    "rationale" TEXT NOT NULL,
    "decidedById" UUID NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "declaration_review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "break_glass_access" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "break_glass_access_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_alert" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "kind" "alert_kind" NOT NULL,
    "via" TEXT NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "auditEventId" BIGINT,
    "outcome" "alert_outcome",
    "outcomeNote" TEXT,
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "access_alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "police_suspect_case_reference_key" ON "police_suspect_case"("reference");

-- CreateIndex
CREATE INDEX "police_suspect_case_status_reportedAt_idx" ON "police_suspect_case"("status", "reportedAt");

-- CreateIndex
CREATE INDEX "police_suspect_case_reportedById_idx" ON "police_suspect_case"("reportedById");

-- CreateIndex
CREATE INDEX "case_conflict_personId_idx" ON "case_conflict"("personId");

-- CreateIndex
CREATE INDEX "case_access_caseId_idx" ON "case_access"("caseId");

-- CreateIndex
CREATE INDEX "case_access_personId_idx" ON "case_access"("personId");

-- CreateIndex
CREATE INDEX "conflict_declaration_caseId_personId_declaredAt_idx" ON "conflict_declaration"("caseId", "personId", "declaredAt");

-- CreateIndex
CREATE INDEX "declaration_review_declarationId_idx" ON "declaration_review"("declarationId");

-- CreateIndex
CREATE INDEX "break_glass_access_caseId_personId_expiresAt_idx" ON "break_glass_access"("caseId", "personId", "expiresAt");

-- CreateIndex
CREATE INDEX "access_alert_outcome_raisedAt_idx" ON "access_alert"("outcome", "raisedAt");

-- CreateIndex
CREATE INDEX "access_alert_caseId_idx" ON "access_alert"("caseId");

-- AddForeignKey
ALTER TABLE "police_suspect_case" ADD CONSTRAINT "police_suspect_case_reportedById_fkey" FOREIGN KEY ("reportedById") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "police_suspect_case" ADD CONSTRAINT "police_suspect_case_suspectPersonId_fkey" FOREIGN KEY ("suspectPersonId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "police_suspect_case" ADD CONSTRAINT "police_suspect_case_victimPersonId_fkey" FOREIGN KEY ("victimPersonId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "police_suspect_case" ADD CONSTRAINT "police_suspect_case_supervisingOfficerId_fkey" FOREIGN KEY ("supervisingOfficerId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "police_suspect_case" ADD CONSTRAINT "police_suspect_case_suspectForceId_fkey" FOREIGN KEY ("suspectForceId") REFERENCES "force"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_conflict" ADD CONSTRAINT "case_conflict_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_access" ADD CONSTRAINT "case_access_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_access" ADD CONSTRAINT "case_access_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conflict_declaration" ADD CONSTRAINT "conflict_declaration_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_review" ADD CONSTRAINT "declaration_review_declarationId_fkey" FOREIGN KEY ("declarationId") REFERENCES "conflict_declaration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "break_glass_access" ADD CONSTRAINT "break_glass_access_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_alert" ADD CONSTRAINT "access_alert_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_alert" ADD CONSTRAINT "access_alert_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: declarations of conflicts of interest and PSD's decisions on them are part of the case file and are
-- never edited afterwards, only superseded (a later declaration) -- the database itself refuses UPDATE and DELETE.
-- (Deleting a whole case cascades to its file; cases are never deleted by the portal.)
CREATE FUNCTION case_file_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD; -- cascading from the deletion of the case itself
  END IF;
  RAISE EXCEPTION '% is part of the case file and cannot be changed (supersede it instead)', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER conflict_declaration_unchangeable BEFORE UPDATE OR DELETE ON "conflict_declaration"
  FOR EACH ROW EXECUTE FUNCTION case_file_refuse_change();
CREATE TRIGGER declaration_review_unchangeable BEFORE UPDATE OR DELETE ON "declaration_review"
  FOR EACH ROW EXECUTE FUNCTION case_file_refuse_change();
