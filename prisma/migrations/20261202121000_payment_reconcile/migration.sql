-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "checkedAt" TIMESTAMPTZ(3),
ADD COLUMN     "reconcileNote" TEXT;

-- AlterTable
ALTER TABLE "PaymentRefund" ADD COLUMN     "resolvedAt" TIMESTAMPTZ(3),
ADD COLUMN     "resolvedBy" TEXT,
ADD COLUMN     "resolvedNote" TEXT;

-- CreateIndex
CREATE INDEX "PaymentIpn_paymentId_idx" ON "PaymentIpn"("paymentId");

-- CreateIndex
CREATE INDEX "PaymentRefund_paymentId_idx" ON "PaymentRefund"("paymentId");
