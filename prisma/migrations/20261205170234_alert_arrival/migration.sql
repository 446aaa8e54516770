-- AlterTable
ALTER TABLE "access_alert" ADD COLUMN     "arrival" TEXT,
ADD COLUMN     "arrivalOrigin" TEXT;
