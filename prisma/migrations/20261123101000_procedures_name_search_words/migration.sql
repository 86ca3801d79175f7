-- nameSearch becomes the folded words of the name joined by single spaces (punctuation
-- removed), as server/src/procedures/fold.ts procedureNameSearch() writes it. Rows written
-- before kept the punctuation of the folded name, and "tich," would not match the word "tich".
UPDATE "Procedure"
SET "nameSearch" = btrim(regexp_replace("nameSearch", '[^a-z0-9]+', ' ', 'g'))
WHERE "nameSearch" ~ '[^a-z0-9 ]' OR "nameSearch" ~ '  ' OR "nameSearch" <> btrim("nameSearch");
