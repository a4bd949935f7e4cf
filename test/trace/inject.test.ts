// The `inject` lines of the trace language: parsed onto the call below them, printed back above
// it, and handed to the engine with their addresses evaluated.

import { describe, expect, it } from 'vitest';
import { parse } from '../../src/trace/parser.js';
import { print } from '../../src/trace/printer.js';
import { Bindings } from '../../src/trace/bindings.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { stripPositions } from './stripPositions.js';

const SRC = [
  'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
  'inject VM_FAULT_SIGBUS at a + 2P',
  'madvise(a, 4P, MADV_POPULATE_WRITE) = -1 EFAULT',
  'inject VM_FAULT_RETRY_FOREVER at a + 1P',
  'inject VM_FAULT_OOM at a + 3P',
  'mlock(a, 4P) = hang',
  'fork {',
  '  inject VM_FAULT_HWPOISON at a',
  '  read(a) = SIGBUS',
  '}',
  'inject VM_FAULT_OOM at a + 1P',
  'write(a + 1P) = SIGKILL',
  'inject VM_FAULT_RETRY at a',
  'b = mmap(a, 4P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED|MAP_POPULATE, -1, 0)',
  '',
].join('\n');

describe('inject lines', () => {
  it('belong to the call below them, in order', () => {
    const p = parse(SRC, 't.mmt');
    const mlock = p.body[2];
    expect(mlock?.kind === 'call' && mlock.inject?.map((j) => j.fault)).toEqual([
      'VM_FAULT_RETRY_FOREVER',
      'VM_FAULT_OOM',
    ]);
    expect(mlock?.kind === 'call' && mlock.expect?.kind).toBe('hang');
    const bound = p.body[5];
    expect(bound?.kind === 'call' && bound.bind?.name).toBe('b');
    expect(bound?.kind === 'call' && bound.inject?.length).toBe(1);
  });

  it('print back as written, and parse(print(p)) is p', () => {
    const p = parse(SRC, 't.mmt');
    expect(print(p)).toBe(SRC);
    expect(stripPositions(parse(print(p), 'printed.mmt'))).toEqual(stripPositions(p));
  });

  it('reach the engine with their addresses evaluated', () => {
    const p = parse(SRC, 't.mmt');
    const names = Bindings.start(resolveProgram(p));
    const [map, populate] = p.body;
    if (map?.kind !== 'call' || populate?.kind !== 'call') throw new Error('shape');
    const mapped = names.concreteCall(map);
    names.bindResult(map, mapped, { kind: 'value', value: mapped.args[0] ?? 0n });
    const call = names.concreteCall(populate);
    expect(call.inject).toEqual([
      { fault: 'VM_FAULT_SIGBUS', addr: (mapped.args[0] ?? 0n) + 8192n },
    ]);
  });

  it('a call without inject lines has none', () => {
    const p = parse('mlock(0x1000, 1P)\n', 't.mmt');
    const names = Bindings.start(resolveProgram(p));
    const s = p.body[0];
    if (s?.kind !== 'call') throw new Error('shape');
    expect('inject' in names.concreteCall(s)).toBe(false);
  });
});
