-- The day of receipt under the one-stop rules (Asia/Ho_Chi_Minh): what the dossier code
-- carries and the time limit counts from. Existing dossiers: the day they were filed.
ALTER TABLE "Dossier" ADD COLUMN "receiptDate" DATE;
UPDATE "Dossier" SET "receiptDate" = ("receivedAt" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
ALTER TABLE "Dossier" ALTER COLUMN "receiptDate" SET NOT NULL;
ALTER TABLE "Dossier" ALTER COLUMN "receiptDate" SET DEFAULT ((now() AT TIME ZONE 'Asia/Ho_Chi_Minh'::text))::date;

-- Server drafts keep the documents per slot, as the phone does.
ALTER TABLE "DossierDraft" ADD COLUMN "documents" JSONB NOT NULL DEFAULT '[]';
