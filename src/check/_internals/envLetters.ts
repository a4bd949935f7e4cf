// The environment's failures as letters (a bound with `env=`, issue 14.3): every population
// letter of a region, and every access, once more for each failure the bound names at each
// page the call faults, so the explorer chooses where the environment fails. Off by default:
// a bound without `env=` has exactly the letters it had.

import type { EnvFault } from '../../uapi/injection.js';
import type { KernelBound } from '../kernelBound.js';
import type { Letter } from '../letter.js';

/** Whether a letter of region k populates its whole range (mlock, MADV_POPULATE_*). */
const populatesRange = (l: Letter): boolean =>
  l.region !== undefined &&
  l.target === undefined &&
  (l.call === 'mlock' ||
    (l.call === 'madvise' && l.args[2]?.kind === 'int' && [22n, 23n].includes(l.args[2].value)));

/** The page an access letter touches, or null for other letters. */
function accessedPage(l: Letter): number | null {
  if (l.call !== 'read' && l.call !== 'write') return null;
  const a = l.args[0];
  return a?.kind === 'at' ? a.page : null;
}

/** The letters of `base` again, each with one failure of `env` at one page it faults. */
export function envLetters(b: KernelBound, base: readonly Letter[]): Letter[] {
  const env: readonly EnvFault[] = b.env ?? [];
  const out: Letter[] = [];
  for (const l of base) {
    const page = accessedPage(l);
    let pages: number[] = [];
    if (page !== null) pages = [page];
    else if (
      populatesRange(l) &&
      l.args[0]?.kind === 'at' &&
      l.args[1]?.kind === 'int' &&
      // A length that wraps (mlock(a, SIZE_MAX)) does nothing: no fault to fail.
      l.args[1].value <= BigInt(b.pages + 1) * 4096n
    ) {
      const first = l.args[0].page;
      const count = Math.min(Number(l.args[1].value / 4096n), b.pages - first);
      pages = Array.from({ length: Math.max(0, count) }, (_, i) => first + i);
    }
    for (const fault of env)
      for (const p of pages) out.push({ ...l, inject: [{ fault, page: p }] });
  }
  return out;
}
