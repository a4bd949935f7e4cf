// What the KAPI export is made of: one observation a table line, read off the computed cells in
// the table's own columns: which call ran, under what condition, what it returned, and the
// lock state, def_flags, pages and VmLck before and after. Each keeps the line it came from.

import type { ComputedTable } from '../computeTable.js';
import { tableGrid } from '../tableGrid.js';

export interface Observation {
  readonly call: string;
  readonly condition: string;
  readonly result: string;
  readonly vmaBefore?: string;
  readonly vmaAfter?: string;
  readonly defBefore?: string;
  readonly defAfter?: string;
  readonly pages?: string;
  readonly vmLck?: string;
  /**
   * The pages and VmLck before the call, where the table shows them: a side effect is a change
   * from these (kapiSpec), not what the state holds after. Absent: unknown, no effect claimed.
   */
  readonly before?: { readonly pages: string; readonly vmLck?: string };
  /**
   * The line's start state, in a table that shows it unchanged on the lines whose call is
   * refused with EINVAL (withBefore takes `before` from them).
   */
  readonly startState?: string;
  /** `mlock2-flags 7`: the table and line whose trace shows it. */
  readonly evidence: string;
  readonly table: string;
  readonly line: string;
}

type Row = (column: string) => string;
type Reader = (r: Row) => Omit<Observation, 'evidence' | 'table' | 'line'>;

/** The pages of a range nothing has touched yet, as many as `pages` has. */
const untouched = (pages: string): string => '.'.repeat(pages.length);

/**
 * A row of mlock2-flags or mlockall-flags: the two tables share their columns. A start state's
 * line with flags refused shows it unchanged: mm/mlock.c checks the flags before anything else.
 */
const lockFlagsRow =
  (call: 'mlock2' | 'mlockall'): Reader =>
  (r) => ({
    call,
    startState: `def_flags ${r('def_flags before')}, mapping ${r('mapping before')}`,
    condition: `flags ${r('flags')}, def_flags ${r('def_flags before')}, mapping ${r('mapping before')}`,
    result: r('result'),
    vmaBefore: r('mapping before'),
    vmaAfter: r('VmFlags'),
    defBefore: r('def_flags before'),
    defAfter: r('def_flags'),
    pages: r('pages'),
    vmLck: r('VmLck'),
  });

/** How each table's columns read as observations (tables not listed give none). */
const READERS: Readonly<Record<string, Reader>> = {
  'mlock2-flags': lockFlagsRow('mlock2'),
  'mlockall-flags': lockFlagsRow('mlockall'),
  'errno-order': (r) => ({
    call: r('call').split(' ')[0] ?? '',
    condition: `${r('call')}: faults ${r('faults')}, RLIMIT_MEMLOCK ${r('RLIMIT_MEMLOCK')}, CAP_IPC_LOCK ${r('CAP_IPC_LOCK')}`,
    result: r('errno'),
  }),
  // Each line maps its range afresh and touches no page of it before the call
  // (src/tables/catalog/madvisePopulate.ts); it shows no VmLck.
  'madvise-populate': (r) => ({
    call: 'madvise',
    condition: `${r('advice')} on ${r('mapping')} ${r('prot')}, ${r('range')}`,
    result: r('result'),
    pages: r('pages'),
    before: { pages: untouched(r('pages')) },
  }),
  rlimit: (r) => ({
    call: r('call').startsWith('stack') ? '' : (r('call').split(' ')[0] ?? ''),
    condition: `${r('call')}, RLIMIT_MEMLOCK ${r('RLIMIT_MEMLOCK')}, CAP_IPC_LOCK ${r('CAP_IPC_LOCK')} (${r('rule')})`,
    result: r('result'),
    vmLck: r('VmLck'),
  }),
  'mmap-lock': (r) => ({
    call: 'mmap',
    condition: `${r('mapping')} ${r('prot')}, MAP_LOCKED ${r('MAP_LOCKED')}, MAP_POPULATE ${r('MAP_POPULATE')}, MAP_NONBLOCK ${r('MAP_NONBLOCK')}, after mlockall ${r('mlockall')}`,
    result: r('mmap'),
    vmaBefore: 'no VMA',
    vmaAfter: r('VmFlags'),
    pages: r('pages'),
    vmLck: r('VmLck'),
    // The call maps the range: nothing of it was there.
    before: { pages: untouched(r('pages')), vmLck: '0' },
  }),
};

export function observations(table: ComputedTable): Observation[] {
  const reader = READERS[table.spec.name];
  if (reader === undefined) return [];
  const grid = tableGrid(table);
  return withBefore(
    grid.lines.map((l) => {
      const r: Row = (column) => l.cells[grid.header.indexOf(column)]?.text ?? '';
      return { ...reader(r), evidence: `${grid.name} ${l.id}`, table: grid.name, line: l.id };
    }),
  );
}

/** Each line with a start state takes `before` from that start state's line refused with EINVAL. */
function withBefore(obs: readonly Observation[]): Observation[] {
  const refused = new Map<string, Observation>();
  for (const o of obs)
    if (o.startState !== undefined && o.result === 'EINVAL') refused.set(o.startState, o);
  return obs.map((o) => {
    const base = o.startState === undefined ? undefined : refused.get(o.startState);
    return base === undefined || o.before !== undefined
      ? o
      : { ...o, before: { pages: base.pages ?? '', vmLck: base.vmLck ?? '0' } };
  });
}
