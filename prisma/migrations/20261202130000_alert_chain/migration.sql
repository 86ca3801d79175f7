-- Update/Cancel chains: every message of a chain shares "chainId" (the id of its first
-- message for the alerts already stored, following "supersedesId" down from each root).
ALTER TABLE "Alert" ADD COLUMN "chainId" TEXT;

WITH RECURSIVE chain(id, root) AS (
  SELECT id, id FROM "Alert" WHERE "supersedesId" IS NULL
  UNION
  SELECT a.id, c.root FROM "Alert" a JOIN chain c ON a."supersedesId" = c.id
)
UPDATE "Alert" a SET "chainId" = chain.root FROM chain WHERE chain.id = a.id;
UPDATE "Alert" SET "chainId" = id WHERE "chainId" IS NULL;

ALTER TABLE "Alert" ALTER COLUMN "chainId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Alert_chainId_idx" ON "Alert"("chainId");
