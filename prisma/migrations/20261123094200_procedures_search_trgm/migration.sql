-- Catalog search: trigram matching on the folded procedure name. pg_trgm ships with
-- the contrib modules of PostgreSQL, and the GIN index serves the word-boundary regex
-- that picks candidates and the similarity that ranks them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Procedure_nameSearch_trgm_idx" ON "Procedure" USING GIN ("nameSearch" gin_trgm_ops);
