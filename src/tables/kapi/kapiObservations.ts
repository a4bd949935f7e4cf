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
  readonly before?: { readonly pages: string; readonly vmLck: string };
  /** `mlock2-flags 7`: the table and line whose trace shows it. */
  readonly evidence: string;
  readonly table: string;
  readonly line: string;
}

type Row = (column: string) => string;
type Reader = (r: Row) => Omit<Observation, 'evidence' | 'table' | 'line'>;

/** A row of mlock2-flags or mlockall-flags: the two tables share their columns. */
const lockFlagsRow =
  (call: 'mlock2' | 'mlockall'): Reader =>
  (r) => ({
    call,
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
  'madvise-populate': (r) => ({
    call: 'madvise',
    condition: `${r('advice')} on ${r('mapping')} ${r('prot')}, ${r('range')}`,
    result: r('result'),
    pages: r('pages'),
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

/**
 * The state before each call, where a table shows it.
 * - mlock2-flags, mlockall-flags: a start state's line whose flags are refused with EINVAL
 *   shows it unchanged (mm/mlock.c checks the flags before it touches anything).
 * - mmap-lock: the range is mapped by the call itself, so nothing was there.
 * - madvise-populate: each line maps its range afresh and touches no page of it before the
 *   call (src/tables/catalog/madvisePopulate.ts), so none was present. Its VmLck before is not
 *   shown: taken as the one after, so no locked_vm effect is claimed from it.
 */
export function withBefore(obs: readonly Observation[]): Observation[] {
  const start = (o: Observation) => `${o.table} ${o.defBefore ?? ''} ${o.vmaBefore ?? ''}`;
  const refused = new Map<string, Observation>();
  for (const o of obs)
    if ((o.table === 'mlock2-flags' || o.table === 'mlockall-flags') && o.result === 'EINVAL')
      refused.set(start(o), o);
  return obs.map((o) => {
    const pages = o.pages ?? '';
    if (o.table === 'mmap-lock')
      return { ...o, before: { pages: '.'.repeat(pages.length), vmLck: '0' } };
    if (o.table === 'madvise-populate')
      return { ...o, before: { pages: '.'.repeat(pages.length), vmLck: o.vmLck ?? '0' } };
    const base = refused.get(start(o));
    return base === undefined
      ? o
      : { ...o, before: { pages: base.pages ?? '', vmLck: base.vmLck ?? '0' } };
  });
}
