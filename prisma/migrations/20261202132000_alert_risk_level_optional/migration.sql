-- A bulletin without a risk level has none (QĐ 18/2021 Điều 41: the portal republishes the
-- official level, it never derives one). Levels derived from the CAP severity before this
-- change are removed: alerts whose CAP carries no level parameter, then Cancels that took
-- their level from such an alert.
ALTER TABLE "Alert" ALTER COLUMN "riskLevel" DROP NOT NULL;

UPDATE "Alert" SET "riskLevel" = NULL
WHERE "msgType" <> 'Cancel' AND "rawCap" IS NOT NULL
  AND "rawCap" !~ '<([A-Za-z0-9_]+:)?valueName>\s*(VN_RISK_LEVEL|riskLevel|risk_level)\s*</';

UPDATE "Alert" c SET "riskLevel" = NULL
FROM "Alert" o
WHERE c."msgType" = 'Cancel' AND c."supersedesId" = o.id AND o."riskLevel" IS NULL
  AND c."rawCap" IS NOT NULL
  AND c."rawCap" !~ '<([A-Za-z0-9_]+:)?valueName>\s*(VN_RISK_LEVEL|riskLevel|risk_level)\s*</';
