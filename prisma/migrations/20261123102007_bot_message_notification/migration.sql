-- AlterTable
ALTER TABLE "BotMessage" ADD COLUMN     "notificationId" TEXT;
