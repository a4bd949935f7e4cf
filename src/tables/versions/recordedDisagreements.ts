// The disagreements a kernel's record already holds: a version model that is wrong about its
// kernel is recorded (and reported to whoever owns the model), not fixed here, so a later
// verification passes on exactly those lines (`mmspec table --verify --expect spec/tables`) and
// fails on any other, or on a recorded one whose cell has changed since.

import type { KernelRecord } from './kernelRecord.js';
import { recordedLines } from './kernelRecord.js';
import type { Verification } from '../verifyTable.js';

export interface Expectation {
  /** Line ids of disagreements the record holds for this cell as it is now. */
  readonly expected: ReadonlySet<string>;
  /** Lines recorded as disagreeing that agree now: the model was fixed, re-record. */
  readonly nowAgree: readonly string[];
}

export function recordedDisagreements(v: Verification, record?: KernelRecord): Expectation {
  const lines = record?.tables[v.table] ?? {};
  const now = recordedLines(v);
  const expected = new Set<string>();
  const nowAgree: string[] = [];
  for (const [id, rec] of Object.entries(lines)) {
    if (rec.agrees || rec.digest !== now[id]?.digest) continue;
    if (now[id]?.agrees === true) nowAgree.push(id);
    else expected.add(id);
  }
  return { expected, nowAgree };
}
