-- AlterEnum
ALTER TYPE "alert_kind" ADD VALUE 'ACCESS_LAPSED';

-- CreateTable
CREATE TABLE "line_chain" (
    "personId" UUID NOT NULL,
    "ancestorId" UUID NOT NULL,
    "depth" INTEGER NOT NULL,

    CONSTRAINT "line_chain_pkey" PRIMARY KEY ("personId","ancestorId")
);

-- CreateIndex
CREATE INDEX "line_chain_ancestorId_idx" ON "line_chain"("ancestorId");

-- AddForeignKey
ALTER TABLE "line_chain" ADD CONSTRAINT "line_chain_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "line_chain" ADD CONSTRAINT "line_chain_ancestorId_fkey" FOREIGN KEY ("ancestorId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The closure is kept by the database itself, in the transaction of every change to "person", whichever code path
-- makes it (ADR 024): a change of line manager takes effect at the next statement, with no job that can lag.
-- Changes to the hierarchy are serialised by a transaction-level advisory lock, so that two concurrent moves cannot
-- leave the closure inconsistent or close a cycle between them.
CREATE FUNCTION line_chain_lock() RETURNS void LANGUAGE sql AS $$ SELECT pg_advisory_xact_lock(7212201405) $$;

CREATE FUNCTION line_chain_refuse_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."lineManagerId" IS NULL THEN RETURN NEW; END IF;
  PERFORM line_chain_lock();
  IF NEW."lineManagerId" = NEW."id" OR EXISTS (
    SELECT 1 FROM "line_chain" WHERE "personId" = NEW."lineManagerId" AND "ancestorId" = NEW."id"
  ) THEN
    RAISE EXCEPTION 'line management cycle: % cannot report to %, who reports to them', NEW."id", NEW."lineManagerId"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'line_chain_no_cycle';
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION line_chain_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "line_chain" ("personId", "ancestorId", "depth") VALUES (NEW."id", NEW."id", 0);
  IF NEW."lineManagerId" IS NOT NULL THEN
    INSERT INTO "line_chain" ("personId", "ancestorId", "depth")
    SELECT NEW."id", a."ancestorId", a."depth" + 1 FROM "line_chain" a WHERE a."personId" = NEW."lineManagerId";
  END IF;
  RETURN NULL;
END $$;

-- Moves the person's whole subtree: drops every link from the subtree to the person's old managers, then links the
-- subtree to the new manager and everyone above them.
CREATE FUNCTION line_chain_on_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM line_chain_lock();
  DELETE FROM "line_chain" l
  USING "line_chain" below, "line_chain" above
  WHERE below."ancestorId" = NEW."id" AND above."personId" = NEW."id" AND above."depth" > 0
    AND l."personId" = below."personId" AND l."ancestorId" = above."ancestorId";
  IF NEW."lineManagerId" IS NOT NULL THEN
    INSERT INTO "line_chain" ("personId", "ancestorId", "depth")
    SELECT below."personId", above."ancestorId", below."depth" + above."depth" + 1
    FROM "line_chain" below CROSS JOIN "line_chain" above
    WHERE below."ancestorId" = NEW."id" AND above."personId" = NEW."lineManagerId";
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER person_line_chain_no_cycle BEFORE INSERT OR UPDATE OF "lineManagerId" ON "person"
  FOR EACH ROW EXECUTE FUNCTION line_chain_refuse_cycle();
CREATE TRIGGER person_line_chain_insert AFTER INSERT ON "person"
  FOR EACH ROW EXECUTE FUNCTION line_chain_on_insert();
CREATE TRIGGER person_line_chain_move AFTER UPDATE OF "lineManagerId" ON "person"
  FOR EACH ROW WHEN (OLD."lineManagerId" IS DISTINCT FROM NEW."lineManagerId") EXECUTE FUNCTION line_chain_on_move();

-- The closure of the people already there (a cycle already in the data is cut where it closes).
INSERT INTO "line_chain" ("personId", "ancestorId", "depth")
WITH RECURSIVE chain("personId", "ancestorId", "depth", "path") AS (
  SELECT p."id", p."id", 0, ARRAY[p."id"] FROM "person" p
  UNION ALL
  SELECT c."personId", m."lineManagerId", c."depth" + 1, c."path" || m."lineManagerId"
  FROM chain c JOIN "person" m ON m."id" = c."ancestorId"
  WHERE m."lineManagerId" IS NOT NULL AND NOT m."lineManagerId" = ANY(c."path")
)
SELECT "personId", "ancestorId", "depth" FROM chain;
