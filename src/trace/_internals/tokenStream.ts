// A cursor over the tokens of one trace, with the error helpers every parser piece shares.

import type { Pos } from '../ast.js';
import { TraceError } from '../diagnostic.js';
import type { Punct, Token } from '../lexer.js';

/** How a token is named in an error message. */
export function describe(token: Token): string {
  switch (token.kind) {
    case 'newline':
      return 'end of line';
    case 'eof':
      return 'end of file';
    case 'string':
      return `string ${token.text}`;
    case 'ident':
    case 'word':
      return `'${token.text}'`;
    default:
      return `'${token.text}'`;
  }
}

export class TokenStream {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    readonly file: string,
    readonly source: string,
  ) {}

  peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1];
    const token = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] ?? last;
    if (token === undefined)
      throw new Error('TokenStream: no tokens (tokenize always ends with eof)');
    return token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  isPunct(text: Punct, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.text === text;
  }

  isIdent(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'ident' && token.text === text;
  }

  /** True at the end of a statement: end of line or of file. */
  atEnd(): boolean {
    const kind = this.peek().kind;
    return kind === 'newline' || kind === 'eof';
  }

  eatPunct(text: Punct): boolean {
    if (!this.isPunct(text)) return false;
    this.next();
    return true;
  }

  expectPunct(text: Punct, context = ''): Token {
    if (!this.isPunct(text)) this.unexpected(`'${text}'${context}`);
    return this.next();
  }

  /** Consumes the end of a statement; anything else on the line is an error. */
  expectEnd(): void {
    if (!this.atEnd()) this.unexpected('end of line');
    this.next();
  }

  /** Throws: the current token is not what the grammar wants here. */
  unexpected(expected: string, token: Token = this.peek()): never {
    return this.fail(token.pos, `unexpected ${describe(token)}`, expected, token.text.length);
  }

  fail(pos: Pos, message: string, expected: string, width = 1): never {
    throw new TraceError({ file: this.file, source: this.source, pos, message, expected, width });
  }
}
