-- AlterTable
ALTER TABLE "person" ADD COLUMN     "ethnicity" TEXT,
ADD COLUMN     "gender" TEXT;

-- CreateTable
CREATE TABLE "dip_sample" (
    "id" UUID NOT NULL,
    "drawnById" UUID NOT NULL,
    "drawnAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedFrom" TIMESTAMP(3) NOT NULL,
    "closedTo" TIMESTAMP(3) NOT NULL,
    "requestedSize" INTEGER NOT NULL,

    CONSTRAINT "dip_sample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dip_sample_item" (
    "id" UUID NOT NULL,
    "sampleId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "reviewerId" UUID,
    "referralTimely" TEXT,
    "conflictsDeclared" TEXT,
    "victimKeptInformed" TEXT,
    "recordsComplete" TEXT,
    "comment" TEXT NOT NULL DEFAULT '',
    "reviewedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "dip_sample_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dip_sample_drawnAt_idx" ON "dip_sample"("drawnAt");

-- CreateIndex
CREATE INDEX "dip_sample_item_reviewerId_reviewedAt_idx" ON "dip_sample_item"("reviewerId", "reviewedAt");

-- CreateIndex
CREATE UNIQUE INDEX "dip_sample_item_sampleId_caseId_key" ON "dip_sample_item"("sampleId", "caseId");

-- AddForeignKey
ALTER TABLE "dip_sample_item" ADD CONSTRAINT "dip_sample_item_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "dip_sample"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dip_sample_item" ADD CONSTRAINT "dip_sample_item_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
