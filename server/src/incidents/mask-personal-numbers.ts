// Public text must not carry a phone number or a citizen ID number (Law 91/2025: personal
// data). People write them any way a keyboard allows: glued to words ("sđt0912345678"),
// grouped with spaces, dots, dashes, en dashes, slashes, brackets or underscores, in
// full-width digits. So runs of digits with up to two such characters between them are
// cut into their groups, and any whole groups that together have the shape of a phone or an
// ID number are masked, keeping the last 2 digits. Shapes, not any long number, so years
// ("năm 2024 2025 2026"), dates and amounts stay readable:
// - mobiles 0[35789] + 8 digits, landlines 02 + 9 digits (area code 2xx since 2017), both
//   also as +84/84 (with or without the 0);
// - CCCD: 12 digits starting with a province code 001–096 (Decree 137/2015); old CMND: 9 digits.

const SEP = "[\\s.\\-\\u2013\\u2014/()_]";
const RUN = new RegExp(`[+(]?\\d(?:${SEP}{0,2}\\d)*`, "g");
const GROUP = /\d+/g;

const PHONE = /^(?:0|840?)(?:[35789]\d{8}|2\d{9})$/;
const ID = /^(?:\d{9}|0(?:0[1-9]|[1-8]\d|9[0-6])\d{9})$/;
// An amount: thousands grouped with dots or commas, or a number followed by a currency.
const THOUSANDS = /^[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*$/;
const CURRENCY = /^\s?(?:đ|₫|đồng|vnđ|vnd|k|nghìn|ngàn|triệu|tr|tỷ|usd)(?![\p{L}\p{N}])/iu;
// Said to be an ID number: "CMND 123.456.789" is not an amount.
const ID_WORD = /(?:cmnd|cccd|cmt|căn cước|định danh|chứng minh)[^\p{L}\p{N}]{0,3}$/iu;
// dd/mm/yyyy (or with - or .): never a phone, whatever its digits look like.
const DATE = /^(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\1(?:\d{4}|\d{2})$/;

/** Full-width digits and plus (typed on some phone keyboards) as ASCII, one code unit each. */
const normalise = (text: string) =>
  text.replace(/[\uFF10-\uFF19\uFF0B]/g, (ch) =>
    ch === "\uFF0B" ? "+" : String.fromCharCode(ch.charCodeAt(0) - 0xff10 + 48),
  );

const isPersonal = (digits: string) => PHONE.test(digits) || ID.test(digits);

interface Group {
  start: number;
  end: number;
  digits: string;
}

/** [start, end) spans of the run to mask: runs of whole groups with a personal shape. */
function spansIn(run: string, groups: Group[], amount: boolean): [number, number][] {
  const all = groups.map((g) => g.digits).join("");
  // The run as a whole: a phone wins over anything else it also looks like.
  if (PHONE.test(all)) return [[0, run.length]];
  if (amount) return [];
  // Dates inside the run are walls a number cannot cross.
  const wall = new Set<number>();
  for (let i = 0; i + 2 < groups.length; i++) {
    const text = run.slice(groups[i]!.start, groups[i + 2]!.end);
    if (DATE.test(text)) for (const k of [i, i + 1, i + 2]) wall.add(k);
  }
  const spans: [number, number][] = [];
  let i = 0;
  while (i < groups.length) {
    let found = -1;
    let digits = "";
    for (let j = i; j < groups.length && !wall.has(j); j++) {
      digits += groups[j]!.digits;
      if (digits.length > 14) break;
      if (isPersonal(digits)) found = j; // the longest shape from here
    }
    if (found < 0) {
      i++;
      continue;
    }
    spans.push([i === 0 ? 0 : groups[i]!.start, groups[found]!.end]);
    i = found + 1;
  }
  return spans;
}

export function maskPersonalNumbers(text: string): string {
  const plain = normalise(text);
  let out = "";
  let last = 0;
  for (const m of plain.matchAll(RUN)) {
    const run = m[0];
    const at = m.index;
    const groups = [...run.matchAll(GROUP)].map((g) => ({
      start: g.index,
      end: g.index + g[0].length,
      digits: g[0],
    }));
    const amount =
      CURRENCY.test(plain.slice(at + run.length)) ||
      (THOUSANDS.test(run) && !ID_WORD.test(plain.slice(Math.max(0, at - 20), at)));
    const spans = spansIn(run, groups, amount);
    for (const [s, e] of spans) {
      const digits = plain.slice(at + s, at + e).replace(/\D/g, "");
      out += text.slice(last, at + s) + "*".repeat(digits.length - 2) + digits.slice(-2);
      last = at + e;
    }
  }
  return out + text.slice(last);
}
