-- CreateEnum
CREATE TYPE "ProposalKind" AS ENUM ('ROLE_GRANT', 'EMPLOYMENT', 'UNIT', 'LINE_MANAGER', 'WORK_EMAIL');

-- CreateEnum
CREATE TYPE "ProposalStatus" AS ENUM ('PENDING', 'APPROVED', 'REFUSED', 'WITHDRAWN', 'SUPERSEDED');

-- CreateTable
CREATE TABLE "account_setup_link" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "secretHash" BYTEA NOT NULL,
    "issuedById" UUID,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "account_setup_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person_change_proposal" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "kind" "ProposalKind" NOT NULL,
    "change" JSONB NOT NULL,
    "proposedById" UUID NOT NULL,
    "proposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "ProposalStatus" NOT NULL DEFAULT 'PENDING',
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "reason" TEXT,

    CONSTRAINT "person_change_proposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_setup_link_secretHash_key" ON "account_setup_link"("secretHash");

-- CreateIndex
CREATE INDEX "account_setup_link_personId_idx" ON "account_setup_link"("personId");

-- CreateIndex
CREATE INDEX "person_change_proposal_status_proposedAt_idx" ON "person_change_proposal"("status", "proposedAt");

-- CreateIndex
CREATE INDEX "person_change_proposal_personId_status_idx" ON "person_change_proposal"("personId", "status");

-- AddForeignKey
ALTER TABLE "account_setup_link" ADD CONSTRAINT "account_setup_link_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_change_proposal" ADD CONSTRAINT "person_change_proposal_personId_fkey" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_change_proposal" ADD CONSTRAINT "person_change_proposal_proposedById_fkey" FOREIGN KEY ("proposedById") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_change_proposal" ADD CONSTRAINT "person_change_proposal_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
