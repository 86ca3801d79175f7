// The one folding function for Vietnamese text in the portal: the catalog search, the stored
// `Procedure.nameSearch`, the seed and the OA bot's intent matching all compare folded text,
// so a citizen typing "dang ky khai sinh" on a phone without a Vietnamese keyboard matches
// "Đăng ký khai sinh". Pure, no imports: the bot workspace and prisma/ import it directly.

/** Lower-case, strip Vietnamese diacritics (đ → d), collapse whitespace. */
export function foldVietnamese(text: string): string {
  return (
    text
      // NFD splits "ế" into "e" + U+0302 + U+0301; both marks are in the combining block.
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      // "đ" is a letter of its own, not "d" + a mark, so NFD leaves it alone.
      .replace(/[đĐ]/g, "d")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim()
  );
}

/**
 * Folded words: anything that is not a letter or digit separates words ("khai-sinh",
 * "khai,sinh", "(cấp lại)"), empty words are dropped. Used for token-order-free matching.
 */
export function foldedWords(text: string): string[] {
  return foldVietnamese(text)
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/**
 * The stored `Procedure.nameSearch`: the folded words of the name joined by single spaces,
 * so PostgreSQL can split it with string_to_array and the search sees the same words as here.
 */
export function procedureNameSearch(name: string): string {
  return foldedWords(name).join(" ");
}
