// What a probe's column shows, read from the step the engine recorded for it, and the trace
// line that states it (so the printed cell is a trace that holds on the engine it came from).

import type { Observed, Step } from '../uapi/outcome.js';
import { showBytes } from '../trace/show.js';
import type { Probe } from './cellScript.js';

/** Shown when the engine recorded nothing for the probe (the run stopped before it). */
export const NOT_RUN = '?';
/** Shown for a column the cell's script has no probe for (pages of a special mapping). */
export const NOT_APPLICABLE = 'n/a';
/**
 * Shown in every column of a cell whose start state the engine could not build: a statement
 * that sets the scene got another result than the one it asks for (mlock2 on a kernel before
 * 4.4 is ENOSYS), so nothing the probes read answers the row's question.
 */
export const NO_START_STATE = 'no start state';

const LOCK_BITS = ['lo', 'lf'] as const;

function lockBits(mnemonics: readonly string[]): string {
  const bits = LOCK_BITS.filter((m) => mnemonics.includes(m));
  return bits.length === 0 ? '-' : bits.join(' ');
}

function observed(step: Step | undefined): Observed | undefined {
  return step?.kind === 'check' ? step.observed : undefined;
}

/** The column's value for a probe, `?` when the run did not reach it. */
export function cellValue(probe: Probe, step: Step | undefined): string {
  if (probe.kind === 'result') {
    if (step?.kind !== 'call') return NOT_RUN;
    const r = step.result;
    if (r.kind === 'errno') return r.errno;
    if (r.kind === 'signal') return r.signal;
    if (r.kind === 'hang') return 'hang';
    return /^\s*\w+\s*=\s*(mmap|mremap)\(/.test(probe.text)
      ? 'ok'
      : BigInt.asIntN(64, r.value).toString();
  }
  const o = observed(step);
  if (o === undefined) return NOT_RUN;
  switch (o.kind) {
    case 'vmflags':
      return o.mnemonics === null ? 'no VMA' : lockBits(o.mnemonics);
    case 'def_flags':
      return lockBits(o.mnemonics);
    case 'pages':
      return o.letters;
    case 'VmLck':
      return o.bytes === 0n ? '0' : showBytes(o.bytes);
    default:
      return NOT_RUN;
  }
}

function mnemonicChecks(subject: string, value: string): string[] {
  const have = value === '-' ? [] : value.split(' ');
  const lacks = LOCK_BITS.filter((m) => !have.includes(m));
  const lines: string[] = [];
  if (have.length > 0) lines.push(`check ${subject} has ${have.join(' ')}`);
  if (lacks.length > 0) lines.push(`check ${subject} lacks ${lacks.join(' ')}`);
  return lines;
}

/** The trace lines that state `value` for the probe (none when it was not seen). */
export function statingLines(probe: Probe, value: string): string[] {
  if (value === NOT_RUN) return probe.kind === 'result' ? [probe.text] : [];
  switch (probe.kind) {
    case 'result': {
      if (value === 'ok') return [probe.text];
      if (/^E[A-Z]+$/.test(value)) return [`${probe.text} = -1 ${value}`];
      return [`${probe.text} = ${value}`];
    }
    case 'lock':
      return value === 'no VMA'
        ? [`check vma(${probe.at}) = none`]
        : mnemonicChecks(`vmflags(${probe.at})`, value);
    case 'pages':
      return [`check pages(${probe.at}, ${probe.len}) = "${value}"`];
    case 'VmLck':
      return [`check VmLck = ${value}`];
    case 'def_flags':
      return mnemonicChecks('def_flags', value);
  }
}
