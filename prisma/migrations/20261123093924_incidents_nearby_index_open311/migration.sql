-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "address" TEXT,
ADD COLUMN     "fixConfirmedAt" TIMESTAMPTZ(3),
ADD COLUMN     "iocSyncedAt" TIMESTAMPTZ(3),
ADD COLUMN     "ratingComment" TEXT;

-- CreateTable
CREATE TABLE "Open311ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Open311ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Open311ApiKey_keyHash_key" ON "Open311ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "Incident_category_status_lat_lon_idx" ON "Incident"("category", "status", "lat", "lon");

-- CreateIndex
CREATE INDEX "Incident_reporterId_createdAt_idx" ON "Incident"("reporterId", "createdAt");
