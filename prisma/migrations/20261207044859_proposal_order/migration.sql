-- Proposals made in one request share their proposedAt (and, on a fast database, the millisecond), so their order
-- was the random order of their ids. The sequence keeps the order they were proposed in. Existing rows are numbered
-- in the order PostgreSQL reads them, which is as good as the order they had.
-- AlterTable
ALTER TABLE "person_change_proposal" ADD COLUMN     "proposedSeq" BIGSERIAL NOT NULL;
