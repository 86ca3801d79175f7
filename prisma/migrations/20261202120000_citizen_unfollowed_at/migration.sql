-- AlterTable
ALTER TABLE "Citizen" ADD COLUMN     "unfollowedAt" TIMESTAMPTZ(3);
