// A drawing in the terminal, within 100 columns: after each statement, a line a region with
// its pages grouped by VMA between bars (`|LL|..|`, `~` where no VMA is), the VMAs' page ranges
// with protection and lock bits, then locked memory and def_flags. Under --compare the model's
// and the kernel's pictures are printed one above the other, the lines that differ marked.

import { showResult } from '../trace/show.js';
import type { AddressSpace, RegionPicture } from './addressSpace.js';
import type { Drawing, DrawnStep } from './drawTrace.js';
import { segmentLabel } from './_internals/segmentText.js';

export const LEGEND =
  'pages: . absent  z zero page  p present  L mlocked  ? p or L (a pending mlock batch)  ~ no VMA';
const WIDTH = 100;

export function renderAscii(d: Drawing): string {
  const out = [`${d.file} on ${d.engine}`, LEGEND, ''];
  for (const step of d.steps) out.push(...stepLines(step), ...spaceLines(d, step.frame.space), '');
  out.push(...tail(d));
  return `${out.join('\n')}\n`;
}

/** Model and kernel side by side: both pictures of each step, `!` before lines that differ. */
export function renderAsciiCompare(model: Drawing, kernel: Drawing): string {
  const out = [`${model.file}: ${model.engine} (m) against ${kernel.engine} (k)`, LEGEND, ''];
  const steps = Math.max(model.steps.length, kernel.steps.length);
  for (let i = 0; i < steps; i++) {
    const m = model.steps[i];
    const k = kernel.steps[i];
    const head = m ?? k;
    if (head === undefined) break;
    out.push(...stepLines(head, m, k));
    // def_flags only where both sides read it quietly (a kernel's probe would drain its batch).
    const both = m?.frame.space.defFlags != null && k?.frame.space.defFlags != null;
    const ml = m === undefined ? ['(did not run)'] : spaceLines(model, m.frame.space, both);
    const kl = k === undefined ? ['(did not run)'] : spaceLines(kernel, k.frame.space, both);
    for (let j = 0; j < Math.max(ml.length, kl.length); j++) {
      const a = ml[j] ?? '';
      const b = kl[j] ?? '';
      if (a === b) out.push(`   ${a}`);
      else out.push(`!m ${a}`, `!k ${b}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function stepLines(step: DrawnStep, m?: DrawnStep, k?: DrawnStep): string[] {
  const indent = '  '.repeat(step.frame.depth);
  const line = `${String(step.line).padStart(4)}  ${indent}${step.text}`;
  const result = (s: DrawnStep | undefined) =>
    s?.frame.result === undefined || s.frame.call === undefined
      ? ''
      : showResult(s.frame.result, s.frame.call.call);
  let said = result(step);
  if (m !== undefined && k !== undefined && result(m) !== result(k))
    said = `${result(m)} (model), ${result(k)} (kernel)`;
  return [
    line.length > WIDTH ? `${line.slice(0, WIDTH - 3)}...` : line,
    ...(said === '' ? [] : [`${' '.repeat(6)}${indent}returned ${said}`]),
  ];
}

function spaceLines(d: Drawing, space: AddressSpace, withDefFlags = true): string[] {
  const width = Math.max(1, ...d.regions.map((r) => r.name.length));
  const lines = space.regions.flatMap((r, i) => regionLines(d.regions[i]?.name ?? '?', width, r));
  const lck = space.lockedBytes === null ? 'unreadable' : `${space.lockedBytes / 1024n} kB`;
  const def =
    space.defFlags === null || !withDefFlags
      ? ''
      : `   def_flags ${space.defFlags.join(' ') || '-'}`;
  return [...lines, `        VmLck ${lck}${def}`];
}

function regionLines(name: string, width: number, r: RegionPicture): string[] {
  const letters = r.letters ?? '';
  let bars = '|';
  for (const s of r.segments) {
    const text = s.flags === null ? '~'.repeat(s.end - s.first) : letters.slice(s.first, s.end);
    bars += `${text.padEnd(s.end - s.first, '.')}|`;
  }
  const more = r.pages > r.segments.reduce((n, s) => Math.max(n, s.end), 0) ? ` +${r.pages}P` : '';
  const labels = r.segments.map((s) => `${s.first}-${s.end} ${segmentLabel(s.flags)}`);
  const head = `        ${name.padEnd(width)} ${bars}${more}`;
  const lines = [head];
  let current = '';
  const pad = ' '.repeat(10 + width);
  for (const label of labels) {
    const next = current === '' ? label : `${current}  ${label}`;
    if (pad.length + next.length > WIDTH && current !== '') {
      lines.push(`${pad}${current}`);
      current = label;
    } else current = next;
  }
  if (current !== '') lines.push(`${pad}${current}`);
  return lines;
}

function tail(d: Drawing): string[] {
  return d.outcome.unsupported.map(
    (u) => `stopped${u.line === undefined ? '' : ` at line ${u.line}`}: ${u.reason}`,
  );
}
