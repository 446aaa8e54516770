-- CreateEnum
CREATE TYPE "case_origin" AS ENUM ('REPORT', 'ADMISSION_BY_EMPLOYEE', 'ADMISSION_HEARD');

-- CreateEnum
CREATE TYPE "suspect_duty_kind" AS ENUM ('DUTIES_STATUS', 'ROLE_REMOVAL', 'FIREARMS', 'WARRANT_CARD_AND_EQUIPMENT', 'SYSTEMS_ACCESS', 'DISTANCE_FROM_VICTIM', 'VETTING_REVIEW');

-- CreateEnum
CREATE TYPE "suspect_support_kind" AS ENUM ('OCCUPATIONAL_HEALTH', 'STAFF_ASSOCIATION', 'POLICE_FEDERATION', 'TRADE_UNION');

-- CreateEnum
CREATE TYPE "support_offer_response" AS ENUM ('NOT_YET_KNOWN', 'ACCEPTED', 'DECLINED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "support_service_kind" ADD VALUE 'PERPETRATOR_PROGRAMME';
ALTER TYPE "support_service_kind" ADD VALUE 'BEHAVIOUR_CHANGE_LINE';

-- AlterTable
ALTER TABLE "police_suspect_case" ADD COLUMN     "origin" "case_origin" NOT NULL DEFAULT 'REPORT';

-- CreateTable
CREATE TABLE "suspect_duty_decision" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "kind" "suspect_duty_kind" NOT NULL,
    "sequence" INTEGER NOT NULL,
    "supersedesId" UUID,
    "decision" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "ownerId" UUID NOT NULL,
    "reviewDue" DATE NOT NULL,
    "decidedById" UUID NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suspect_duty_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suspect_welfare_offer" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "kind" "suspect_support_kind" NOT NULL,
    "offeredOn" DATE NOT NULL,
    "response" "support_offer_response" NOT NULL DEFAULT 'NOT_YET_KNOWN',
    "note" TEXT,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suspect_welfare_offer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "suspect_duty_decision_supersedesId_key" ON "suspect_duty_decision"("supersedesId");

-- CreateIndex
CREATE INDEX "suspect_duty_decision_reviewDue_idx" ON "suspect_duty_decision"("reviewDue");

-- CreateIndex
CREATE UNIQUE INDEX "suspect_duty_decision_caseId_kind_sequence_key" ON "suspect_duty_decision"("caseId", "kind", "sequence");

-- CreateIndex
CREATE INDEX "suspect_welfare_offer_caseId_recordedAt_idx" ON "suspect_welfare_offer"("caseId", "recordedAt");

-- AddForeignKey
ALTER TABLE "suspect_duty_decision" ADD CONSTRAINT "suspect_duty_decision_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suspect_duty_decision" ADD CONSTRAINT "suspect_duty_decision_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "suspect_duty_decision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suspect_welfare_offer" ADD CONSTRAINT "suspect_welfare_offer_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
