// Amounts in Vietnamese words for receipts ("Bằng chữ"), e.g. 1.250.000 →
// "Một triệu hai trăm năm mươi nghìn đồng".
const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
const UNITS = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"];

function readTriple(n: number, full: boolean): string {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const parts: string[] = [];
  if (full || h > 0) parts.push(`${DIGITS[h]} trăm`);
  if (t === 0) {
    if (u > 0 && (full || h > 0)) parts.push("lẻ");
  } else if (t === 1) parts.push("mười");
  else parts.push(`${DIGITS[t]} mươi`);
  if (u > 0) {
    if (u === 1 && t > 1) parts.push("mốt");
    else if (u === 5 && t > 0) parts.push("lăm");
    else if (u === 4 && t > 1) parts.push("tư");
    else parts.push(DIGITS[u]!);
  }
  return parts.join(" ");
}

export function vndInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new Error("amount must be a non-negative integer");
  if (amount === 0) return "Không đồng";
  const groups: number[] = [];
  for (let n = amount; n > 0; n = Math.floor(n / 1000)) groups.push(n % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    const full = i < groups.length - 1; // inner groups read "không trăm", "lẻ"
    words.push(`${readTriple(g, full)}${UNITS[i] ? ` ${UNITS[i]}` : ""}`);
  }
  const s = `${words.join(" ")} đồng`;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const formatVnd = (n: number) => `${n.toLocaleString("vi-VN")} đ`;
