-- AlterTable
ALTER TABLE "credential" ADD COLUMN     "lockMailedAt" TIMESTAMP(3);
