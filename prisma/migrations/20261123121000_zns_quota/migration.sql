-- CreateTable
CREATE TABLE "ZnsQuotaDay" (
    "day" TEXT NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ZnsQuotaDay_pkey" PRIMARY KEY ("day")
);

