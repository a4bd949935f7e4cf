import { describe, expect, it } from 'vitest';
import { tokenize, type Token } from '../../src/trace/lexer.js';

const kinds = (src: string) => tokenize(src, 't').map((t: Token) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  it('splits a call with flags, pages and a negative fd', () => {
    expect(kinds('a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, -1, 0x10)')).toEqual([
      'ident:a',
      'punct:=',
      'ident:mmap',
      'punct:(',
      'ident:NULL',
      'punct:,',
      'pages:4P',
      'punct:,',
      'ident:PROT_READ',
      'punct:|',
      'ident:PROT_WRITE',
      'punct:,',
      'punct:-',
      'number:1',
      'punct:,',
      'number:0x10',
      'punct:)',
      'newline:',
      'eof:',
    ]);
  });

  it('reads values: decimal, hex, pages', () => {
    const [dec, hex, pages] = tokenize('4095 0xfF 16P', 't');
    expect(dec).toMatchObject({ kind: 'number', value: 4095n, hex: false });
    expect(hex).toMatchObject({ kind: 'number', value: 255n, hex: true });
    expect(pages).toMatchObject({ kind: 'pages', count: 16n });
  });

  it('skips comments and keeps newlines as tokens, with 1-based positions', () => {
    const tokens = tokenize('# head\n  munlockall() # tail\n', 't');
    expect(tokens.map((t) => t.kind)).toEqual([
      'newline',
      'ident',
      'punct',
      'punct',
      'newline',
      'newline',
      'eof',
    ]);
    expect(tokens[1]?.pos).toEqual({ line: 2, column: 3 });
  });

  it('reads two-character operators before one-character ones', () => {
    expect(kinds('<= >= != .. < > ~')).toEqual([
      'punct:<=',
      'punct:>=',
      'punct:!=',
      'punct:..',
      'punct:<',
      'punct:>',
      'punct:~',
      'newline:',
      'eof:',
    ]);
  });

  it('reads strings and a model name as one word', () => {
    expect(kinds('model linux-6.18 # x')).toEqual([
      'ident:model',
      'word:linux-6.18',
      'newline:',
      'eof:',
    ]);
    expect(kinds('model = mmap(')).toEqual([
      'ident:model',
      'punct:=',
      'ident:mmap',
      'punct:(',
      'newline:',
      'eof:',
    ]);
    expect(tokenize('"[pz]?L"', 't')[0]).toMatchObject({ kind: 'string', value: '[pz]?L' });
  });

  it('rejects bad numbers, stray characters and open strings at their column', () => {
    expect(() => tokenize('x(0xZZ)', 't')).toThrow(/bad number '0xZZ'/);
    expect(() => tokenize('x(12abc)', 't')).toThrow(/bad number '12abc'/);
    expect(() => tokenize('a @ b', 't')).toThrow(/unexpected character '@'/);
    expect(() => tokenize('"abc', 't')).toThrow(/unterminated string/);
  });
});
