-- AlterTable
ALTER TABLE "BotConversation" ADD COLUMN     "handoffAgencyId" TEXT;

