-- CreateEnum
CREATE TYPE "quiet_read_kind" AS ENUM ('SAFEGUARDING_OVERRIDE', 'BREAK_GLASS', 'PSD_READ');

-- CreateEnum
CREATE TYPE "quiet_read_reviewer" AS ENUM ('PSD', 'NPCC');

-- CreateEnum
CREATE TYPE "quiet_read_outcome" AS ENUM ('JUSTIFIED', 'NOT_JUSTIFIED_ADVICE', 'NOT_JUSTIFIED_REFERRED');

-- AlterTable: overrides are time-limited like break-glass (4 hours). The table is append-only (a trigger refuses
-- UPDATE), so those recorded before this expire now, when the column is added: a lead who still needs one records a
-- new override, which is listed and alerted.
ALTER TABLE "safeguarding_override" ADD COLUMN     "expiresAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "safeguarding_override" ALTER COLUMN "expiresAt" DROP DEFAULT;

-- CreateTable
CREATE TABLE "quiet_read" (
    "id" UUID NOT NULL,
    "kind" "quiet_read_kind" NOT NULL,
    "reviewer" "quiet_read_reviewer" NOT NULL,
    "readerId" UUID NOT NULL,
    "subjectPersonId" UUID,
    "caseId" UUID,
    "requestId" UUID,
    "what" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "hiddenFromEmployee" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "auditEventId" BIGINT,
    "outcome" "quiet_read_outcome",
    "outcomeNote" TEXT NOT NULL DEFAULT '',
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "quiet_read_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "quiet_read_reviewer_outcome_startedAt_idx" ON "quiet_read"("reviewer", "outcome", "startedAt");

-- CreateIndex
CREATE INDEX "quiet_read_readerId_idx" ON "quiet_read"("readerId");

-- AddForeignKey
ALTER TABLE "quiet_read" ADD CONSTRAINT "quiet_read_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "police_suspect_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Overrides and break-glass uses recorded before this are listed for review too. The NPCC officer reviews those
-- where the reader or the person read holds a PSD role (app/models/oversight/quiet-reads.server.ts says the same).
INSERT INTO "quiet_read" ("id", "kind", "reviewer", "readerId", "subjectPersonId", "requestId", "what", "reason", "hiddenFromEmployee", "startedAt", "expiresAt")
SELECT gen_random_uuid(), 'SAFEGUARDING_OVERRIDE',
       CASE WHEN EXISTS (SELECT 1 FROM "role_assignment" r WHERE r."personId" IN (o."personId", s."employeeId") AND r."role"::text IN ('PSD_OFFICER', 'HEAD_OF_PSD'))
            THEN 'NPCC'::"quiet_read_reviewer" ELSE 'PSD'::"quiet_read_reviewer" END,
       o."personId", s."employeeId", o."requestId", o."ground", o."reason", NOT o."tellEmployee", o."recordedAt", o."expiresAt"
FROM "safeguarding_override" o JOIN "support_request" s ON s."id" = o."requestId";

INSERT INTO "quiet_read" ("id", "kind", "reviewer", "readerId", "subjectPersonId", "caseId", "reason", "startedAt", "expiresAt")
SELECT gen_random_uuid(), 'BREAK_GLASS',
       CASE WHEN EXISTS (SELECT 1 FROM "role_assignment" r WHERE r."personId" IN (b."personId", c."suspectPersonId") AND r."role"::text IN ('PSD_OFFICER', 'HEAD_OF_PSD'))
            THEN 'NPCC'::"quiet_read_reviewer" ELSE 'PSD'::"quiet_read_reviewer" END,
       b."personId", c."suspectPersonId", b."caseId", b."reason", b."startedAt", b."expiresAt"
FROM "break_glass_access" b JOIN "police_suspect_case" c ON c."id" = b."caseId";

-- A quiet read is never deleted, and its only change is its review, recorded once.
CREATE FUNCTION quiet_read_review_only() RETURNS trigger AS $$
BEGIN
  IF OLD."outcome" IS NULL AND NEW."outcome" IS NOT NULL AND NEW."reviewedById" IS NOT NULL AND NEW."reviewedAt" IS NOT NULL
     AND NEW."id" = OLD."id" AND NEW."kind" = OLD."kind" AND NEW."reviewer" = OLD."reviewer" AND NEW."readerId" = OLD."readerId"
     AND NEW."subjectPersonId" IS NOT DISTINCT FROM OLD."subjectPersonId" AND NEW."caseId" IS NOT DISTINCT FROM OLD."caseId"
     AND NEW."requestId" IS NOT DISTINCT FROM OLD."requestId" AND NEW."what" = OLD."what" AND NEW."reason" = OLD."reason"
     AND NEW."hiddenFromEmployee" = OLD."hiddenFromEmployee" AND NEW."startedAt" = OLD."startedAt"
     AND NEW."expiresAt" IS NOT DISTINCT FROM OLD."expiresAt" AND NEW."auditEventId" IS NOT DISTINCT FROM OLD."auditEventId" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'quiet_read: only recording its review, once, is allowed' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER quiet_read_review_only BEFORE UPDATE ON "quiet_read"
  FOR EACH ROW EXECUTE FUNCTION quiet_read_review_only();
CREATE TRIGGER quiet_read_no_delete BEFORE DELETE ON "quiet_read"
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
