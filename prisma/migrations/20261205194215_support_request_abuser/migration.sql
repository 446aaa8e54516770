-- AlterTable
ALTER TABLE "support_request" ADD COLUMN     "abuserPersonId" UUID;

-- AddForeignKey
ALTER TABLE "support_request" ADD CONSTRAINT "support_request_abuserPersonId_fkey" FOREIGN KEY ("abuserPersonId") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quiet_read" ADD CONSTRAINT "quiet_read_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "support_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;
