-- Unsent mail in queue order, for the outbox worker's claim: it walks this index and stops at a batch, instead of sorting
-- the whole queue on every claim (17 ms with 10,000 queued, 1 ms with this index; docs/benchmarks.md).
-- CreateIndex
CREATE INDEX "outbox_message_unsent_queuedSeq_idx" ON "outbox_message"("queuedSeq") WHERE (status = ANY (ARRAY['PENDING'::outbox_status, 'SENDING'::outbox_status]));
