-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN     "tag" TEXT,
ADD COLUMN     "tagNonce" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_tagNonce_key" ON "audit_event"("tagNonce");
