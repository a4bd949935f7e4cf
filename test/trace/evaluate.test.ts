import { describe, expect, it } from 'vitest';
import { constantTable } from '../../src/trace/bindings.js';
import { evaluate, signed } from '../../src/trace/evaluate.js';
import { parse } from '../../src/trace/parser.js';

const constants = constantTable();
const value = (src: string, names: Record<string, bigint> = {}) => {
  const stmt = parse(`mlock(${src}, 0)`, 't').body[0];
  if (stmt?.kind !== 'call' || stmt.args[0] === undefined) throw new Error('bad expression');
  return evaluate(stmt.args[0], (n) => names[n] ?? constants.get(n));
};
const MAX = 2n ** 64n - 1n;

describe('evaluate', () => {
  it('wraps like C unsigned long', () => {
    expect(value('-1')).toBe(MAX);
    expect(value('~0')).toBe(MAX);
    expect(value('0 - 1P')).toBe(2n ** 64n - 4096n);
    expect(value('0xffffffffffffffff + 2')).toBe(1n);
    expect(value('0x8000000000000000 * 2')).toBe(0n);
    expect(signed(value('-2P'))).toBe(-8192n);
  });

  it('reads pages, PAGE_SIZE, NULL and flags', () => {
    expect(value('4P')).toBe(16384n);
    expect(value('PAGE_SIZE * 3')).toBe(12288n);
    expect(value('NULL')).toBe(0n);
    expect(value('PROT_READ|PROT_WRITE')).toBe(3n);
    expect(value('MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE')).toBe(0x8022n);
  });

  it('reads region names and precedence', () => {
    expect(value('a + 1P * 2', { a: 0x1000_0000n })).toBe(0x1000_2000n);
    expect(value('(a + 1) | 1', { a: 2n })).toBe(3n);
  });

  it('treats an unresolved name as misuse', () => {
    expect(() => value('nowhere')).toThrow(/unknown name 'nowhere'.*resolve/);
  });
});
