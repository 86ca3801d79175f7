-- When a person last answered (a reply is changed in place): the safety board of a chain
-- takes each person's latest answer across its messages.
ALTER TABLE "SafetyReply" ADD COLUMN "answeredAt" TIMESTAMPTZ(3);
UPDATE "SafetyReply" SET "answeredAt" = "createdAt";
ALTER TABLE "SafetyReply" ALTER COLUMN "answeredAt" SET NOT NULL,
  ALTER COLUMN "answeredAt" SET DEFAULT CURRENT_TIMESTAMP;
