-- CreateEnum
CREATE TYPE "risk_item_kind" AS ENUM ('ACKNOWLEDGE', 'FIRST_CONTACT', 'THREAT_TO_LIFE', 'MARAC', 'IDVA');

-- AlterTable
ALTER TABLE "risk_assessment" ADD COLUMN     "caseId" UUID,
ADD COLUMN     "childConcern" BOOLEAN NOT NULL DEFAULT false,
ALTER COLUMN "requestId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "safety_measure" ADD COLUMN     "reviewRemindedFor" DATE;

-- CreateTable
CREATE TABLE "risk_item" (
    "id" UUID NOT NULL,
    "kind" "risk_item_kind" NOT NULL,
    "requestId" UUID,
    "caseId" UUID,
    "assessmentId" UUID,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "remindAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "nextActionAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedById" UUID,
    "ttlAssessed" BOOLEAN,
    "rationale" TEXT NOT NULL DEFAULT '',
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "listedFor" DATE,
    "listingPastReason" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT NOT NULL DEFAULT '',
    "childrenForScreening" TEXT NOT NULL DEFAULT '',
    "idvaResponse" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "risk_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "marac_action" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "dueOn" DATE,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "marac_action_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "risk_item_nextActionAt_idx" ON "risk_item"("nextActionAt");

-- CreateIndex
CREATE INDEX "risk_item_requestId_idx" ON "risk_item"("requestId");

-- CreateIndex
CREATE INDEX "risk_item_caseId_idx" ON "risk_item"("caseId");

-- CreateIndex
CREATE INDEX "marac_action_itemId_idx" ON "marac_action"("itemId");

-- CreateIndex
CREATE INDEX "risk_assessment_caseId_assessedAt_idx" ON "risk_assessment"("caseId", "assessedAt");

-- AddForeignKey
ALTER TABLE "risk_assessment" ADD CONSTRAINT "risk_assessment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_item" ADD CONSTRAINT "risk_item_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "support_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_item" ADD CONSTRAINT "risk_item_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_item" ADD CONSTRAINT "risk_item_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "risk_assessment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marac_action" ADD CONSTRAINT "marac_action_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "risk_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Each assessment and each item belongs to exactly one record: a support request or a police-suspect case.
ALTER TABLE "risk_assessment" ADD CONSTRAINT "risk_assessment_one_record" CHECK (("requestId" IS NULL) <> ("caseId" IS NULL));
ALTER TABLE "risk_item" ADD CONSTRAINT "risk_item_one_record" CHECK (("requestId" IS NULL) <> ("caseId" IS NULL));
