-- AlterTable
ALTER TABLE "OaToken" ADD COLUMN     "connectedAt" TIMESTAMPTZ(3),
ADD COLUMN     "connectedBy" TEXT,
ADD COLUMN     "lostAt" TIMESTAMPTZ(3),
ADD COLUMN     "lostReason" TEXT;

-- CreateTable
CREATE TABLE "OaAuthRequest" (
    "stateHash" TEXT NOT NULL,
    "codeVerifier" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OaAuthRequest_pkey" PRIMARY KEY ("stateHash")
);

