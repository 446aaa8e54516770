-- AlterTable
ALTER TABLE "police_suspect_case" ADD COLUMN     "conductOwnerId" UUID,
ADD COLUMN     "criminalOwnerId" UUID;

-- CreateIndex
CREATE INDEX "police_suspect_case_reportedAt_idx" ON "police_suspect_case"("reportedAt");
