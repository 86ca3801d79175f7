-- Sending: the attempt that handed a notification to Zalo and when, until its answer is
-- recorded. A crash or a timeout in between leaves it set, and a redelivery that finds it
-- does not send the message twice.
ALTER TABLE "Notification" ADD COLUMN "sendingAttemptId" TEXT,
ADD COLUMN "sendingAt" TIMESTAMPTZ(3);
