// A search stopped by SIGINT or SIGTERM prints what it found and exits 128 + the signal, for
// every exploring command (issue 16's two-thread runs were lost to a plain `timeout`, whose
// SIGTERM check did not take).
import { describe, expect, it } from 'vitest';
import { constants } from 'node:os';
import { runCli } from '../runCli.js';

/** Sends `signal` once the command has taken it (its listener is in place), then waits. */
async function interrupted(argv: string[], signal: 'SIGINT' | 'SIGTERM') {
  const before = process.listenerCount(signal);
  const run = runCli(argv);
  const poll = setInterval(() => {
    if (process.listenerCount(signal) <= before) return;
    clearInterval(poll);
    // Let the search start before the signal comes.
    setTimeout(() => process.emit(signal), 300);
  }, 20);
  try {
    return await run;
  } finally {
    clearInterval(poll);
  }
}

const DEEP = ['--bound', 'regions=3,pages=4,depth=7', '--workers', '1'];

describe('an interrupted search', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'check: %s stops it with the report of what it explored',
    async (signal) => {
      const r = await interrupted(['check', ...DEEP], signal);
      expect(r.status).toBe(128 + constants.signals[signal]);
      expect(r.stdout).toMatch(/\d+ states/);
      expect(r.stdout).toMatch(/\d+ held, \d+ violated, \d+ unknown\n/);
    },
    60_000,
  );

  it('diff: SIGTERM stops it with the report of what it compared', async () => {
    const r = await interrupted(['diff', 'linux-6.18', 'linux-6.18', ...DEEP], 'SIGTERM');
    expect(r.status).toBe(128 + constants.signals.SIGTERM);
    expect(r.stdout.length).toBeGreaterThan(0);
  }, 60_000);
});
