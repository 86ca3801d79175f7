-- When a moderator last hid, showed or looked at the report or one of its photos: the
-- console's "Chờ kiểm duyệt" lists reports with photos that no moderator has seen.
ALTER TABLE "Incident" ADD COLUMN "moderatedAt" TIMESTAMPTZ(3);
