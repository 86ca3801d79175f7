// Which payments count as paid, and which dossiers can still take a payment.

/**
 * Payments that met a fee. A refund gives money back for a reason (an error, a refusal): it
 * does not make the fee owed again, so refunded payments still count (and the IPN's
 * settling statement counts the same ones).
 */
export const PAID_STATUSES = ["paid", "partially_refunded", "refunded"] as const;
export const isPaid = (status: string) => (PAID_STATUSES as readonly string[]).includes(status);

/** Dossiers that can still take a payment: refused, withdrawn, stopped or closed ones cannot. */
export const PAYABLE_STATUSES = new Set([
  "new_registered",
  "received",
  "processing",
  "supplement_requested",
  "financial_obligation",
  "processed",
]);
