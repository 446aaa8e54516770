-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "queuedSeq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "outbox_message_toAddress_status_queuedSeq_idx" ON "outbox_message"("toAddress", "status", "queuedSeq");
