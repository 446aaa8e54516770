-- CreateEnum
CREATE TYPE "SafetyMeasureStatus" AS ENUM ('PLANNED', 'IN_PLACE', 'ENDED');

-- CreateTable
CREATE TABLE "safety_measure" (
    "id" UUID NOT NULL,
    "employeeId" UUID NOT NULL,
    "requestId" UUID,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "instructions" TEXT NOT NULL DEFAULT '',
    "ownerId" UUID,
    "status" "SafetyMeasureStatus" NOT NULL DEFAULT 'PLANNED',
    "reviewOn" DATE,
    "proposedById" UUID NOT NULL,
    "agreedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "safety_measure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "safety_measure_grant" (
    "id" UUID NOT NULL,
    "measureId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "safety_measure_grant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "safety_measure_employeeId_idx" ON "safety_measure"("employeeId");

-- CreateIndex
CREATE INDEX "safety_measure_requestId_idx" ON "safety_measure"("requestId");

-- CreateIndex
CREATE INDEX "safety_measure_grant_measureId_idx" ON "safety_measure_grant"("measureId");

-- CreateIndex
CREATE INDEX "safety_measure_grant_personId_withdrawnAt_idx" ON "safety_measure_grant"("personId", "withdrawnAt");

-- AddForeignKey
ALTER TABLE "safety_measure" ADD CONSTRAINT "safety_measure_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "safety_measure" ADD CONSTRAINT "safety_measure_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "safety_measure" ADD CONSTRAINT "safety_measure_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "support_request"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "safety_measure_grant" ADD CONSTRAINT "safety_measure_grant_measureId_fkey" FOREIGN KEY ("measureId") REFERENCES "safety_measure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "safety_measure_grant" ADD CONSTRAINT "safety_measure_grant_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: a grant of sight of a safety measure is part of the employee's consent ledger. It may only be
-- withdrawn (once); it is never changed otherwise or deleted, so the ledger always shows who could see what, when.
CREATE FUNCTION safety_measure_grant_withdraw_only() RETURNS trigger AS $$
BEGIN
  IF OLD."withdrawnAt" IS NULL AND NEW."withdrawnAt" IS NOT NULL
     AND NEW."id" = OLD."id" AND NEW."measureId" = OLD."measureId" AND NEW."personId" = OLD."personId"
     AND NEW."reason" = OLD."reason" AND NEW."grantedAt" = OLD."grantedAt" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'safety_measure_grant: a grant can only be withdrawn, once' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER safety_measure_grant_withdraw_only BEFORE UPDATE ON "safety_measure_grant"
  FOR EACH ROW EXECUTE FUNCTION safety_measure_grant_withdraw_only();
CREATE TRIGGER safety_measure_grant_no_delete BEFORE DELETE OR TRUNCATE ON "safety_measure_grant"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
