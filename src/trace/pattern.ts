// Page patterns: one element a page. A letter says what the page is (`.` not present, `z` the
// shared zero page, `p` present, `L` present and mlocked); `?` is any page; `[pz]` any letter
// inside. Checks are written with them, and a model states nondeterminism with the same
// classes (`[pL]`: either may happen), so the judge and the comparison share this one reading.

export const PAGE_LETTERS = '.zpL';

/** The letters a page may be: a subset of PAGE_LETTERS, in PAGE_LETTERS order. */
export type PageClass = string;

export type PatternParse =
  | { readonly ok: true; readonly pages: readonly PageClass[] }
  | {
      readonly ok: false;
      readonly index: number;
      readonly message: string;
      readonly expected: string;
    };

const LETTERS_EXPECTED = "a page letter ('.', 'z', 'p', 'L'), '?' or a class such as [pz]";

export function parsePattern(text: string): PatternParse {
  const pages: PageClass[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '?') {
      pages.push(PAGE_LETTERS);
      i++;
    } else if (c === '[') {
      const close = text.indexOf(']', i + 1);
      if (close < 0) return bad(i, "unclosed '[' in page pattern", "']' closing the class");
      const inside = text.slice(i + 1, close);
      const wrong = [...inside].findIndex((l) => !PAGE_LETTERS.includes(l));
      if (wrong >= 0)
        return bad(
          i + 1 + wrong,
          `bad page letter '${inside.charAt(wrong)}' in class`,
          "page letters ('.', 'z', 'p', 'L')",
        );
      if (inside === '')
        return bad(i, 'empty class in page pattern', "at least one page letter inside '[ ]'");
      pages.push(normalize(inside));
      i = close + 1;
    } else if (PAGE_LETTERS.includes(c)) {
      pages.push(c);
      i++;
    } else {
      return bad(i, `bad page letter '${c}'`, LETTERS_EXPECTED);
    }
  }
  return { ok: true, pages };
}

function bad(index: number, message: string, expected: string): PatternParse {
  return { ok: false, index, message, expected };
}

function normalize(letters: string): PageClass {
  return [...PAGE_LETTERS].filter((l) => letters.includes(l)).join('');
}

/** Parses letters an engine produced; a malformed string is a bug in that engine. */
export function pagesOf(letters: string): readonly PageClass[] {
  const parsed = parsePattern(letters);
  if (!parsed.ok) {
    throw new Error(`pagesOf: engine reported bad page letters "${letters}": ${parsed.message}`);
  }
  return parsed.pages;
}

/** Every page surely fits: each letter the engine allows is one the pattern allows. */
export function pagesWithin(seen: readonly PageClass[], allowed: readonly PageClass[]): boolean {
  return (
    seen.length === allowed.length &&
    seen.every((page, i) => [...page].every((l) => (allowed[i] ?? '').includes(l)))
  );
}

/** Some page surely differs: no letter the engine allows there is one the pattern allows. */
export function pagesDiffer(seen: readonly PageClass[], allowed: readonly PageClass[]): boolean {
  return (
    seen.length !== allowed.length ||
    seen.some((page, i) => ![...page].some((l) => (allowed[i] ?? '').includes(l)))
  );
}

/** Canonical text of a pattern: classes of one letter as the letter, all letters as `?`. */
export function showPages(pages: readonly PageClass[]): string {
  return pages.map((p) => (p === PAGE_LETTERS ? '?' : p.length === 1 ? p : `[${p}]`)).join('');
}
