-- AlterTable
ALTER TABLE "session" ADD COLUMN     "signInMethod" TEXT NOT NULL DEFAULT 'password';

-- AlterTable
ALTER TABLE "sign_in_challenge" ADD COLUMN     "firstStep" TEXT NOT NULL DEFAULT 'password';
