-- The next electronic receipt number of a year ("BL2026-000123"), continuous over committed
-- payments: called from the conditional UPDATE that settles a payment, so only the settler
-- that wins takes a number, and the year's sequence row is held for that one statement.
CREATE FUNCTION laocai_next_receipt_no(year int) RETURNS text
LANGUAGE sql VOLATILE AS $$
  INSERT INTO "DossierSequence" ("agencyId", day, "lastSeq")
  SELECT id, 'receipt-' || year, 1 FROM "Agency" WHERE code = 'H38'
  ON CONFLICT ("agencyId", day) DO UPDATE SET "lastSeq" = "DossierSequence"."lastSeq" + 1
  RETURNING 'BL' || year || '-' || lpad("lastSeq"::text, 6, '0')
$$;
-- (no semicolon inside the body: the migration engine splits statements on semicolons)
