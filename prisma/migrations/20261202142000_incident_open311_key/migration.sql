-- The api_key an Open311 service request came with: counted for the key's rate limit.
ALTER TABLE "Incident" ADD COLUMN "open311KeyId" TEXT;

CREATE INDEX "Incident_open311KeyId_createdAt_idx" ON "Incident"("open311KeyId", "createdAt");

ALTER TABLE "Incident" ADD CONSTRAINT "Incident_open311KeyId_fkey" FOREIGN KEY ("open311KeyId") REFERENCES "Open311ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;
