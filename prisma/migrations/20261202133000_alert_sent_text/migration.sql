-- CAP `sent` as the sender wrote it: the feed republishes it verbatim and references are
-- compared on sender, identifier and this text. Alerts stored before take it from their
-- CAP document, else the form the feed used to write (UTC, "+00:00").
ALTER TABLE "Alert" ADD COLUMN "sentText" TEXT;

UPDATE "Alert"
SET "sentText" = coalesce(
  substring("rawCap" from '<(?:[A-Za-z0-9_]+:)?sent>\s*([^<\s]+)\s*</'),
  to_char("sent" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
);

ALTER TABLE "Alert" ALTER COLUMN "sentText" SET NOT NULL;
