-- AlterTable
ALTER TABLE "person" ADD COLUMN     "ethnicity" TEXT,
ADD COLUMN     "gender" TEXT;
