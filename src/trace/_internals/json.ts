// JSON forms of results, observations and verdicts. Every bigint is a decimal string, so a
// script reads addresses and lengths exactly; address results also carry their region name.

import { ADDRESS_CALLS } from '../bindings.js';
import type { Verdict } from '../judge.js';
import type { CallResult, Observed } from '../../uapi/outcome.js';
import { printStatementHead } from '../printer.js';
import type { TrailEntry } from '../trail.js';
import type { Json } from '../json.js';

export function resultJson(result: CallResult): Json {
  switch (result.kind) {
    case 'value':
      return { kind: 'value', value: result.value.toString() };
    case 'errno':
      return { kind: 'errno', errno: result.errno };
    case 'signal':
      return { kind: 'signal', signal: result.signal };
    case 'hang':
      return { kind: 'hang' };
  }
}

export function observedJson(o: Observed): Json {
  switch (o.kind) {
    case 'pages':
      return { kind: 'pages', letters: o.letters };
    case 'vmflags':
      return { kind: 'vmflags', mnemonics: o.mnemonics === null ? null : [...o.mnemonics] };
    case 'def_flags':
      return { kind: 'def_flags', mnemonics: [...o.mnemonics] };
    case 'page':
      return { kind: 'page', flags: [...o.flags] };
    case 'vma':
      return {
        kind: 'vma',
        extent:
          o.extent === null
            ? null
            : { start: o.extent.start.toString(), end: o.extent.end.toString() },
      };
    case 'vmas':
      return { kind: 'vmas', count: o.count };
    case 'VmLck':
    case 'AnonHugePages':
    case 'VmData':
    case 'Mlocked':
    case 'Unevictable':
      return { kind: o.kind, bytes: o.bytes.toString() };
  }
}

export function verdictJson(v: Verdict | undefined): Json {
  if (v === undefined) return null;
  return {
    subject: v.subject,
    held: v.held,
    expected: v.expected,
    seen: v.seen,
    line: v.line,
    column: v.column,
  };
}

export function entryJson(entry: TrailEntry, verdicts: ReadonlyMap<number, Verdict>): Json {
  const { stmt, step } = entry;
  const line = stmt.pos.line;
  const base = { line, text: printStatementHead(stmt), kind: stmt.kind, ran: step !== undefined };
  const verdict = verdictJson(verdicts.get(line));
  if (stmt.kind === 'fork') {
    const exitStatus = step?.kind === 'fork' ? step.exitStatus : null;
    return { ...base, exitStatus, verdict, body: entry.body.map((e) => entryJson(e, verdicts)) };
  }
  if (stmt.kind === 'threads') {
    const threads = stmt.threads.map((t) => t.name);
    return { ...base, threads, body: entry.body.map((e) => entryJson(e, verdicts)) };
  }
  if (stmt.kind === 'check') {
    return {
      ...base,
      observed: step?.kind === 'check' ? observedJson(step.observed) : null,
      verdict,
    };
  }
  if (step?.kind !== 'call') return { ...base, call: stmt.call, result: null, verdict };
  const result = step.result;
  const region =
    result.kind === 'value' && ADDRESS_CALLS.has(stmt.call)
      ? (entry.before.describeAddress(result.value) ??
        entry.after.describeAddress(result.value) ??
        null)
      : null;
  const bound = stmt.bind ? entry.after.lookup(stmt.bind.name) : undefined;
  return {
    ...base,
    call: stmt.call,
    args: entry.call ? entry.call.args.map((a) => a.toString()) : null,
    result: resultJson(result),
    ...(region === null ? {} : { region }),
    ...(stmt.bind && bound !== undefined
      ? { bound: { name: stmt.bind.name, value: bound.toString() } }
      : {}),
    verdict,
  };
}
