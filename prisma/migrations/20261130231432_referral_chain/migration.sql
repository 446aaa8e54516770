-- CreateEnum
CREATE TYPE "referral_role" AS ENUM ('SUPERVISING_OFFICER', 'POLICE_AND_CRIME_COMMISSIONER', 'LOCAL_COMMANDER', 'NPCC_OFFICER', 'DA_COORDINATOR', 'CAIU_SUPERVISOR', 'PROFESSIONAL_STANDARDS', 'EMPLOYER_FORCE_NPCC', 'SUSPECT_COMMANDER');

-- CreateEnum
CREATE TYPE "referral_state" AS ENUM ('AWAITING', 'ACKNOWLEDGED', 'DELIVERED', 'REPLACED', 'NO_RECIPIENT');

-- CreateEnum
CREATE TYPE "referral_event_kind" AS ENUM ('SENT', 'OPENED', 'ACKNOWLEDGED', 'REMINDED', 'ESCALATED', 'CONFLICT_DECLARED', 'NO_RECIPIENT', 'EMPLOYER_PSD_UPDATED', 'EMPLOYER_PSD_REMINDED');

-- CreateEnum
CREATE TYPE "personal_order_kind" AS ENUM ('CIVIL_ORDER', 'CHILD_CONTACT_RESTRICTION');

-- AlterTable
ALTER TABLE "force" ADD COLUMN     "pccContactEmail" TEXT;

-- AlterTable
ALTER TABLE "police_suspect_case" ADD COLUMN     "areaUnitId" UUID,
ADD COLUMN     "chainStartedAt" TIMESTAMP(3),
ADD COLUMN     "employerUpdateDueAt" TIMESTAMP(3),
ADD COLUMN     "fullyReferredAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "referral_step" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "stage" INTEGER NOT NULL,
    "role" "referral_role" NOT NULL,
    "state" "referral_state" NOT NULL,
    "recipientPersonId" UUID,
    "recipientMailbox" TEXT,
    "missing" TEXT,
    "substitution" TEXT,
    "sentAt" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),
    "acknowledgedAt" TIMESTAMP(3),
    "dueAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "replacesStepId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral_event" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "stepId" UUID,
    "kind" "referral_event_kind" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "personId" UUID,
    "note" TEXT,

    CONSTRAINT "referral_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "personal_order_notice" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "kind" "personal_order_kind" NOT NULL,
    "madeOn" DATE NOT NULL,
    "details" TEXT NOT NULL,
    "commanderId" UUID,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenByCommanderAt" TIMESTAMP(3),
    "seenByPsdAt" TIMESTAMP(3),
    "seenByPsdId" UUID,

    CONSTRAINT "personal_order_notice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "referral_step_replacesStepId_key" ON "referral_step"("replacesStepId");

-- CreateIndex
CREATE INDEX "referral_step_caseId_createdAt_idx" ON "referral_step"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "referral_step_recipientPersonId_state_idx" ON "referral_step"("recipientPersonId", "state");

-- CreateIndex
CREATE INDEX "referral_step_state_dueAt_idx" ON "referral_step"("state", "dueAt");

-- CreateIndex
CREATE INDEX "referral_event_caseId_at_idx" ON "referral_event"("caseId", "at");

-- CreateIndex
CREATE INDEX "personal_order_notice_personId_idx" ON "personal_order_notice"("personId");

-- CreateIndex
CREATE INDEX "personal_order_notice_commanderId_idx" ON "personal_order_notice"("commanderId");

-- CreateIndex
CREATE INDEX "person_forceId_level_lastName_idx" ON "person"("forceId", "level", "lastName");

-- AddForeignKey
ALTER TABLE "referral_step" ADD CONSTRAINT "referral_step_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_step" ADD CONSTRAINT "referral_step_recipientPersonId_fkey" FOREIGN KEY ("recipientPersonId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_step" ADD CONSTRAINT "referral_step_replacesStepId_fkey" FOREIGN KEY ("replacesStepId") REFERENCES "referral_step"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_event" ADD CONSTRAINT "referral_event_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_event" ADD CONSTRAINT "referral_event_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "referral_step"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "personal_order_notice" ADD CONSTRAINT "personal_order_notice_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "personal_order_notice" ADD CONSTRAINT "personal_order_notice_commanderId_fkey" FOREIGN KEY ("commanderId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The referral chain's history is part of the case file: never edited afterwards (hand-written, see ADR 010).
CREATE TRIGGER referral_event_unchangeable BEFORE UPDATE OR DELETE ON "referral_event"
  FOR EACH ROW EXECUTE FUNCTION case_file_refuse_change();
