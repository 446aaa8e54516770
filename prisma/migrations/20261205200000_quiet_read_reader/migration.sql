-- The reader of a quiet read is a person: the review rule reads the reader's line chain (nobody reviews a read by
-- someone below them in line management), so the relation is declared, and kept by a foreign key.
ALTER TABLE "quiet_read" ADD CONSTRAINT "quiet_read_readerId_fkey" FOREIGN KEY ("readerId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
