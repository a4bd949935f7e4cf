import { describe, expect, it } from 'vitest';
import { describeWaitStatus, parseReply, request } from '../../src/oracle/_internals/protocol.js';
import { callRequest, observeRequest } from '../../src/oracle/_internals/requests.js';

describe('executor protocol', () => {
  it('parses every reply kind', () => {
    expect(parseReply('ok 2000 ff')).toEqual({ kind: 'ok', values: [0x2000n, 0xffn] });
    expect(parseReply('err 16')).toEqual({ kind: 'err', errno: 22 });
    expect(parseReply('sig 7')).toEqual({ kind: 'sig', signo: 7 });
    expect(parseReply('flags  rd wr lo')).toEqual({ kind: 'flags', mnemonics: ['rd', 'wr', 'lo'] });
    expect(parseReply('flags')).toEqual({ kind: 'flags', mnemonics: [] });
    expect(parseReply('pages L..z')).toEqual({ kind: 'pages', letters: 'L..z' });
    expect(parseReply('pages ')).toEqual({ kind: 'pages', letters: '' });
    expect(parseReply('fail no trace is running 16')).toEqual({
      kind: 'fail',
      what: 'no trace is running',
      errno: 22,
    });
    expect(parseReply('hello 0 1 800000')).toEqual({
      kind: 'hello',
      kpageflagsErrno: 0,
      pfnsVisible: true,
      memlockHard: 0x800000n,
      cgroup: null,
    });
    expect(parseReply('hello 0 1 - v2')).toMatchObject({ memlockHard: null, cgroup: 'v2' });
    expect(parseReply('hello 0 1 - -')).toMatchObject({ cgroup: null });
    expect(() => parseReply('what')).toThrow(/unexpected reply 'what'/);
  });

  it('passes call arguments exactly, as unsigned 64-bit hex', () => {
    expect(request('call', 9n, (1n << 64n) - 1n)).toBe('call 9 ffffffffffffffff');
    expect(callRequest({ call: 'mlock2', args: [0x1000n, 0x2000n, 1n] })).toBe(
      'call 145 1000 2000 1 0 0 0',
    );
    expect(callRequest({ call: 'write', args: [0x1000n] })).toBe('write 1000 1');
    // Pointers to structures the executor builds: requests of their own, not raw calls.
    expect(callRequest({ call: 'setrlimit', args: [8n, 0x2000n] })).toBe('setrlimit 8 2000');
    expect(callRequest({ call: 'capset', args: [14n, 5n] })).toBe('capset e 1');
    expect(() => callRequest({ call: 'mlock', args: [-1n] })).toThrow(
      /not an unsigned 64-bit value/,
    );
    expect(() => observeRequest({ kind: 'pages', addr: 0n, len: 1n << 40n })).toThrow(
      /at most 32768/,
    );
  });

  it('describes how a trace process ended', () => {
    expect(describeWaitStatus(14)).toMatch(/SIGALRM.*time limit/);
    expect(describeWaitStatus(3 << 8)).toBe('exited with status 3');
  });
});
