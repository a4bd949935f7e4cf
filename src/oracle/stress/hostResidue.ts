// What a trace may have left on the host: processes under the executors that outlive the
// trace, and locked memory (Mlocked of /proc/meminfo, the whole machine's). Read from /proc
// after each trace of the stress run.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Mlocked of /proc/meminfo, in kB. */
export async function mlockedKb(): Promise<number> {
  const text = await readFile('/proc/meminfo', 'utf8');
  const m = /^Mlocked:\s+(\d+) kB$/m.exec(text);
  if (m?.[1] === undefined) throw new Error('mlockedKb: no Mlocked line in /proc/meminfo');
  return Number(m[1]);
}

/** The children of a process (CONFIG_PROC_CHILDREN), read synchronously: it is fast. */
function children(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text
      .split(' ')
      .filter((w) => w !== '')
      .map(Number);
  } catch {
    return []; // gone meanwhile
  }
}

function state(pid: number): { state: string; comm: string } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ...": comm may hold spaces and parentheses; cut at the last ')'.
    const close = stat.lastIndexOf(')');
    return {
      state: stat.slice(close + 2, close + 3),
      comm: stat.slice(stat.indexOf('(') + 1, close),
    };
  } catch {
    return { state: 'gone', comm: '' };
  }
}

/**
 * Processes that should not be there between traces: below each executor (a child of
 * `parent` running the executor binary) at most one process may wait, the idle one forked
 * for the next trace, and nothing below that; none may be a zombie.
 */
export function leftoverProcesses(parent = process.pid): string[] {
  const problems: string[] = [];
  for (const executor of children(parent).filter((p) => state(p).comm.startsWith('executor'))) {
    const below = children(executor);
    if (below.length > 1) problems.push(`executor ${executor} has ${below.length} children`);
    for (const p of below) {
      if (state(p).state === 'Z') problems.push(`zombie ${p} under executor ${executor}`);
      const deeper = children(p);
      if (deeper.length > 0)
        problems.push(`${deeper.length} fork-block process(es) left under ${p}`);
    }
  }
  return problems;
}
