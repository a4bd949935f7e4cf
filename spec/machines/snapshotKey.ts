// The canonical key of a machine snapshot, for the graph utilities' de-duplication. The
// default (JSON.stringify of value and context) depends on key order and would silently
// merge states whose context held a Map or a Set; this key is order-free and spells out
// exactly what a state is: each parallel region's state, each region's pages, the last outcome.
//
//   r0=locked:pp r1=unmapped:.. defFlags=future | ok

import type { StateValue } from 'xstate';
import type { MmContext } from './mmContext.js';

/** What the key reads: any snapshot of the spec's machines. */
export interface MmSnapshotLike {
  readonly value: StateValue;
  readonly context: MmContext;
}

function valueKey(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.keys(value)
    .sort()
    .map((k) => {
      const v = value[k];
      return `${k}=${v === undefined ? '' : valueKey(v)}`;
    })
    .join(' ');
}

export function snapshotKey(s: MmSnapshotLike): string {
  const pages = s.context.pages.map((r, k) => `p${k}:${r.join('')}`).join(' ');
  return `${valueKey(s.value)} ${pages} | ${s.context.last}`;
}
