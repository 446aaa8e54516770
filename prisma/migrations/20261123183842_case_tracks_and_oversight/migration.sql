-- CreateEnum
CREATE TYPE "criminal_status" AS ENUM ('REPORTED', 'UNDER_INVESTIGATION', 'SUSPECT_INTERVIEWED', 'FILE_WITH_CPS', 'CHARGED', 'NO_FURTHER_ACTION', 'CONVICTED', 'ACQUITTED');

-- CreateEnum
CREATE TYPE "conduct_matter_type" AS ENUM ('COMPLAINT', 'CONDUCT_MATTER');

-- CreateEnum
CREATE TYPE "duties_decision" AS ENUM ('NOT_YET_CONSIDERED', 'NO_RESTRICTION', 'RESTRICTED_DUTIES', 'SUSPENDED');

-- AlterTable
ALTER TABLE "police_suspect_case" ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "interestedAgreedAt" TIMESTAMP(3),
ADD COLUMN     "interestedContact" TEXT,
ADD COLUMN     "interestedPersonId" UUID;

-- CreateTable
CREATE TABLE "restriction_authorisation" (
    "caseId" UUID NOT NULL,
    "crimeReference" TEXT NOT NULL,
    "callLogRestricted" BOOLEAN NOT NULL,
    "note" TEXT,
    "authorisedById" UUID NOT NULL,
    "authorisedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "restriction_authorisation_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "criminal_track" (
    "caseId" UUID NOT NULL,
    "crimeReference" TEXT,
    "status" "criminal_status" NOT NULL DEFAULT 'REPORTED',
    "outcome" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" UUID,

    CONSTRAINT "criminal_track_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "conduct_track" (
    "caseId" UUID NOT NULL,
    "matterType" "conduct_matter_type" NOT NULL DEFAULT 'CONDUCT_MATTER',
    "assessment" TEXT,
    "dutiesDecision" "duties_decision" NOT NULL DEFAULT 'NOT_YET_CONSIDERED',
    "dutiesRationale" TEXT,
    "dutiesDecidedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "misconductProceedings" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" UUID,

    CONSTRAINT "conduct_track_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "ownership_decision" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "criminalOwnerId" UUID NOT NULL,
    "conductOwnerId" UUID NOT NULL,
    "rationale" TEXT NOT NULL,
    "otherForceReasons" TEXT[],
    "referToOtherForce" BOOLEAN NOT NULL,
    "otherForceRationale" TEXT NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ownership_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "investigation_review" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "riskFactors" TEXT NOT NULL,
    "publicProtection" TEXT NOT NULL,
    "communityImpact" TEXT NOT NULL,
    "publicConfidence" TEXT NOT NULL,
    "mediaStrategy" TEXT NOT NULL,
    "directedById" UUID NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "investigation_review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "progress_update" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "publishedById" UUID NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "progress_update_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ownership_decision_caseId_recordedAt_idx" ON "ownership_decision"("caseId", "recordedAt");

-- CreateIndex
CREATE INDEX "investigation_review_caseId_recordedAt_idx" ON "investigation_review"("caseId", "recordedAt");

-- CreateIndex
CREATE INDEX "progress_update_caseId_publishedAt_idx" ON "progress_update"("caseId", "publishedAt");

-- AddForeignKey
ALTER TABLE "restriction_authorisation" ADD CONSTRAINT "restriction_authorisation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "criminal_track" ADD CONSTRAINT "criminal_track_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conduct_track" ADD CONSTRAINT "conduct_track_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ownership_decision" ADD CONSTRAINT "ownership_decision_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "investigation_review" ADD CONSTRAINT "investigation_review_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "progress_update" ADD CONSTRAINT "progress_update_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: ownership decisions, investigation reviews, published updates and the restriction authorisation are
-- part of the case file: never edited, only superseded (case_file_refuse_change comes from the previous migration).
CREATE TRIGGER ownership_decision_unchangeable BEFORE UPDATE OR DELETE ON "ownership_decision"
  FOR EACH ROW EXECUTE FUNCTION case_file_refuse_change();
CREATE TRIGGER investigation_review_unchangeable BEFORE UPDATE OR DELETE ON "investigation_review"
  FOR EACH ROW EXECUTE FUNCTION case_file_refuse_change();
CREATE TRIGGER progress_update_unchangeable BEFORE UPDATE OR DELETE ON "progress_update"
  FOR EACH ROW EXECUTE FUNCTION case_file_refuse_change();
CREATE TRIGGER restriction_authorisation_unchangeable BEFORE UPDATE OR DELETE ON "restriction_authorisation"
  FOR EACH ROW EXECUTE FUNCTION case_file_refuse_change();
