-- AlterTable
ALTER TABLE "AlertDelivery" ADD COLUMN     "notificationId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_notificationId_key" ON "AlertDelivery"("notificationId");
