// Public text must not carry a phone number or a citizen ID number (Law 91/2025: personal
// data). Vietnamese mobiles are 10 digits (0xxx…) or +84/84 and 9 digits; CCCD numbers are
// 12 digits, old CMND 9. People write them with spaces, dots or dashes between groups, so a
// run of 9 or more digits with such separators is masked, keeping the last 2 digits.
const NUMBER_RUN = /(?<![\p{L}\p{N}])\+?\d(?:[ .-]?\d){8,14}(?![\p{L}\p{N}])/gu;

export function maskPersonalNumbers(text: string): string {
  return text.replace(NUMBER_RUN, (run) => {
    const digits = run.replace(/\D/g, "");
    return `${"*".repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
  });
}
