-- AlterTable
ALTER TABLE "support_request" ADD COLUMN     "referredById" UUID;

-- AddForeignKey
ALTER TABLE "support_request" ADD CONSTRAINT "support_request_referredById_fkey" FOREIGN KEY ("referredById") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
