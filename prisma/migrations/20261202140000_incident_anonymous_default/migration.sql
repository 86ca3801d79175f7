-- A report is anonymous to the public unless its reporter asks to be named.
ALTER TABLE "Incident" ALTER COLUMN "anonymous" SET DEFAULT true;
