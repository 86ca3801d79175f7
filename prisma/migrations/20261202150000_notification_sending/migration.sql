-- A notification handed to Zalo whose answer is not recorded yet (crash or timeout between
-- the send and the record): a redelivery finds it and does not send it twice.
ALTER TYPE "NotificationStatus" ADD VALUE 'sending' AFTER 'queued';

ALTER TABLE "Notification" ADD COLUMN "sendingAttemptId" TEXT,
ADD COLUMN "sendingAt" TIMESTAMPTZ(3);
