-- CreateEnum
CREATE TYPE "dip_sample_answer_value" AS ENUM ('YES', 'PARTLY', 'NO');

-- CreateEnum
CREATE TYPE "dip_sample_grade" AS ENUM ('OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE');

-- CreateTable
CREATE TABLE "dip_sample" (
    "id" UUID NOT NULL,
    "drawnById" UUID NOT NULL,
    "drawnAt" TIMESTAMP(3) NOT NULL,
    "windowFrom" TIMESTAMP(3) NOT NULL,
    "windowTo" TIMESTAMP(3) NOT NULL,
    "areaUnitId" UUID,
    "requestedSize" INTEGER NOT NULL,
    "seed" TEXT NOT NULL,
    "populationSize" INTEGER NOT NULL,
    "populationDigest" TEXT NOT NULL,

    CONSTRAINT "dip_sample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dip_sample_item" (
    "id" UUID NOT NULL,
    "sampleId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "drawKey" TEXT NOT NULL,
    "reviewerId" UUID,
    "assignedAt" TIMESTAMP(3),
    "grade" "dip_sample_grade",
    "summary" TEXT NOT NULL DEFAULT '',
    "reviewedAt" TIMESTAMP(3),
    "questionSet" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "dip_sample_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dip_sample_answer" (
    "itemId" UUID NOT NULL,
    "question" TEXT NOT NULL,
    "answer" "dip_sample_answer_value" NOT NULL,
    "comment" TEXT NOT NULL,

    CONSTRAINT "dip_sample_answer_pkey" PRIMARY KEY ("itemId","question")
);

-- CreateIndex
CREATE INDEX "dip_sample_drawnAt_idx" ON "dip_sample"("drawnAt");

-- CreateIndex
CREATE INDEX "dip_sample_item_reviewerId_reviewedAt_idx" ON "dip_sample_item"("reviewerId", "reviewedAt");

-- CreateIndex
CREATE INDEX "dip_sample_item_caseId_idx" ON "dip_sample_item"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "dip_sample_item_sampleId_caseId_key" ON "dip_sample_item"("sampleId", "caseId");

-- AddForeignKey
ALTER TABLE "dip_sample" ADD CONSTRAINT "dip_sample_drawnById_fkey" FOREIGN KEY ("drawnById") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dip_sample_item" ADD CONSTRAINT "dip_sample_item_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "dip_sample"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dip_sample_item" ADD CONSTRAINT "dip_sample_item_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dip_sample_item" ADD CONSTRAINT "dip_sample_item_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dip_sample_answer" ADD CONSTRAINT "dip_sample_answer_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "dip_sample_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
