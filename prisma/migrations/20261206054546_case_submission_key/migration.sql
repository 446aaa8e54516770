-- AlterTable
ALTER TABLE "police_suspect_case" ADD COLUMN     "submissionKey" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "police_suspect_case_reportedById_submissionKey_key" ON "police_suspect_case"("reportedById", "submissionKey");
