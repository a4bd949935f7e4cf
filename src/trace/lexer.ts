// Splits .mmt text into tokens. Newlines are tokens: a trace is one statement a line.
// `model NAME` is the one place where a token is not C-like: model names are spelled like
// kernel versions (`linux-6.18`, `proposal/mcl-populate`), so after a `model` that opens a
// line and is not a binding, the rest of the word is read as one `word` token.

import type { Pos } from './ast.js';
import { TraceError } from './diagnostic.js';
import { PAGE_SIZE } from '../uapi/constants.js';

export type Punct =
  | '('
  | ')'
  | '{'
  | '}'
  | ','
  | '='
  | '+'
  | '-'
  | '*'
  | '|'
  | '~'
  | '..'
  | '!='
  | '<'
  | '<='
  | '>'
  | '>=';

export type Token =
  | { readonly kind: 'ident'; readonly text: string; readonly pos: Pos }
  | {
      readonly kind: 'number';
      readonly text: string;
      readonly value: bigint;
      readonly hex: boolean;
      readonly pos: Pos;
    }
  /** `4P`: four pages. */
  | { readonly kind: 'pages'; readonly text: string; readonly count: bigint; readonly pos: Pos }
  | { readonly kind: 'string'; readonly text: string; readonly value: string; readonly pos: Pos }
  | { readonly kind: 'word'; readonly text: string; readonly pos: Pos }
  | { readonly kind: 'punct'; readonly text: Punct; readonly pos: Pos }
  | { readonly kind: 'newline'; readonly text: string; readonly pos: Pos }
  | { readonly kind: 'eof'; readonly text: string; readonly pos: Pos };

// Longest first, so `<=` wins over `<`.
const PUNCTS: readonly Punct[] = [
  '..',
  '!=',
  '<=',
  '>=',
  '(',
  ')',
  '{',
  '}',
  ',',
  '=',
  '+',
  '-',
  '*',
  '|',
  '~',
  '<',
  '>',
];

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

/** Tokenizes a whole trace; throws a TraceError at the first character that fits no token. */
export function tokenize(source: string, file: string): Token[] {
  const tokens: Token[] = [];
  const lines = source.split(/\r?\n/);
  lines.forEach((text, index) => {
    lexLine(text, index + 1, file, source, tokens);
    tokens.push({ kind: 'newline', text: '', pos: { line: index + 1, column: text.length + 1 } });
  });
  const last = lines.length;
  tokens.push({
    kind: 'eof',
    text: '',
    pos: { line: last, column: (lines[last - 1] ?? '').length + 1 },
  });
  return tokens;
}

function lexLine(text: string, line: number, file: string, source: string, out: Token[]): void {
  const fail = (column: number, message: string, expected: string, width = 1): never => {
    throw new TraceError({ file, source, pos: { line, column }, message, expected, width });
  };
  const lineStart = out.length;
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    const pos = { line, column: i + 1 };
    if (c === ' ' || c === '\t') i++;
    else if (c === '#') break;
    else if (IDENT_START.test(c)) {
      const end = scan(text, i, IDENT_PART);
      const ident = text.slice(i, end);
      // A kernel version name (`linux-5.10`, in an `on` clause) is one word: a dotted number
      // cannot follow `-` in an expression.
      const version = /^-[0-9]+(?:\.[0-9]+)+/.exec(text.slice(end))?.[0];
      if (version !== undefined) {
        out.push({ kind: 'word', text: ident + version, pos });
        i = end + version.length;
        continue;
      }
      out.push({ kind: 'ident', text: ident, pos });
      i = end;
      if (ident === 'model' && out.length === lineStart + 1) i = lexModelWord(text, i, line, out);
    } else if (/[0-9]/.test(c)) i = lexNumber(text, i, pos, fail, out);
    else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) fail(i + 1, 'unterminated string', "a closing '\"' on the same line");
      out.push({
        kind: 'string',
        text: text.slice(i, close + 1),
        value: text.slice(i + 1, close),
        pos,
      });
      i = close + 1;
    } else {
      const punct = PUNCTS.find((p) => text.startsWith(p, i));
      if (punct === undefined) {
        fail(i + 1, `unexpected character '${c}'`, 'a name, a number, a string or an operator');
      } else {
        out.push({ kind: 'punct', text: punct, pos });
        i += punct.length;
      }
    }
  }
}

function scan(text: string, from: number, part: RegExp): number {
  let end = from;
  while (end < text.length && part.test(text.charAt(end))) end++;
  return end;
}

/** After a leading `model`: unless a binding or call follows, read the model name as a word. */
function lexModelWord(text: string, from: number, line: number, out: Token[]): number {
  let i = from;
  while (text.charAt(i) === ' ' || text.charAt(i) === '\t') i++;
  const next = text.charAt(i);
  if (next === '' || next === '=' || next === '(' || next === '#') return from;
  const end = scan(text, i, /[^\s#]/);
  out.push({ kind: 'word', text: text.slice(i, end), pos: { line, column: i + 1 } });
  return end;
}

const MAX_U64 = (1n << 64n) - 1n;
const MAX_PAGES = MAX_U64 / BigInt(PAGE_SIZE);

type Fail = (column: number, message: string, expected: string, width?: number) => never;

function lexNumber(text: string, from: number, pos: Pos, fail: Fail, out: Token[]): number {
  const end = scan(text, from, IDENT_PART);
  const word = text.slice(from, end);
  const m = /^(?:(0[xX][0-9A-Fa-f]+)|([0-9]+))(P?)$/.exec(word);
  if (m === null) {
    const expected = /^0[xX]/.test(word)
      ? 'hex digits after 0x (0x1f)'
      : 'a decimal number, 0x and hex digits, or nP for n pages (4P)';
    return fail(pos.column, `bad number '${word}'`, expected, word.length);
  }
  const digits = m[1] ?? m[2] ?? '';
  const pages = m[3] === 'P';
  // Checked on the digits before BigInt reads them, so a 100,000-digit literal costs no more
  // than its length: C passes 64 bits, and a larger literal can only be a mistake.
  const significant = digits.replace(/^(0[xX])?0*/, '');
  const tooLong = m[1] === undefined ? significant.length > 20 : significant.length > 16;
  const value = tooLong ? MAX_U64 + 1n : BigInt(digits);
  if (value > (pages ? MAX_PAGES : MAX_U64)) {
    const most = pages
      ? `at most ${MAX_PAGES}P (2^64 bytes less a page)`
      : `at most 2^64 - 1 (0xffffffffffffffff)`;
    return fail(pos.column, `number '${word}' does not fit in 64 bits`, most, word.length);
  }
  if (pages) out.push({ kind: 'pages', text: word, count: value, pos });
  else out.push({ kind: 'number', text: word, value, hex: m[1] !== undefined, pos });
  return end;
}
