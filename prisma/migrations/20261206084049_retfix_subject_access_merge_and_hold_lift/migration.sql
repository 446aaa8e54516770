-- DropIndex
DROP INDEX "subject_access_item_requestId_idx";

-- AlterTable
ALTER TABLE "legal_hold" ADD COLUMN     "liftProposedAt" TIMESTAMP(3),
ADD COLUMN     "liftProposedById" UUID;

-- AlterTable
ALTER TABLE "subject_access_item" ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "decidedById" UUID,
ADD COLUMN     "goneAt" TIMESTAMP(3),
ADD COLUMN     "note" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE UNIQUE INDEX "subject_access_item_requestId_sourceType_sourceId_part_key" ON "subject_access_item"("requestId", "sourceType", "sourceId", "part");

-- Items assembled before this migration may carry decisions PSD changed by hand, which nothing recorded: keep them all
-- as decided, so that assembling again never overwrites one (ADR 042).
UPDATE "subject_access_item" AS i SET "decidedAt" = COALESCE(r."assembledAt", r."receivedAt")
FROM "subject_access_request" AS r WHERE r."id" = i."requestId";
