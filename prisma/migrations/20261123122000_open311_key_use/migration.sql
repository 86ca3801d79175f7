-- AlterTable
ALTER TABLE "Open311ApiKey" ADD COLUMN     "lastUsedAt" TIMESTAMPTZ(3),
ADD COLUMN     "revokedAt" TIMESTAMPTZ(3);

