// The drift report of `mmspec manpages`: the statements that hold on every engine; those false
// or incomplete on some (with the checks that failed and the trace, ready to propose a change);
// the behaviours the pages leave out; the errno values no page lists.

import { type CheckedClaim, type EngineVerdict, unrunParts, verdictHeld } from './checkClaims.js';
import type { ErrnoOmission } from './errnoDrift.js';
import { counted } from '../../trace/counted.js';

export interface DriftReport {
  readonly engines: readonly string[];
  readonly claims: readonly CheckedClaim[];
  readonly errnos: readonly ErrnoOmission[];
}

const where = (c: CheckedClaim) => `${c.claim.page}, ${c.claim.section}`;
const verdictWord = (v: EngineVerdict) => (verdictHeld(v) ? 'holds' : 'FAILS');

function failures(c: CheckedClaim): string[] {
  return c.verdicts
    .filter((v) => !verdictHeld(v))
    .flatMap((v) => [
      ...v.failed.map(
        (f) => `    on ${v.engine}: line ${f.line}: expected ${f.expected}, seen ${f.seen}`,
      ),
      ...unrunParts(v).map((u) => `    on ${v.engine}: could not run: ${u}`),
    ]);
}

function traceLines(c: CheckedClaim): string[] {
  return c.claim.program.source
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => `    | ${l}`);
}

/** A short column head: `linux-6.12` -> m6.12, `kernel linux-6.1` -> k6.1, the host -> host. */
function head(engine: string): string {
  const guest = /^kernel linux-(\d+\.\d+)$/.exec(engine);
  if (guest !== null) return `k${guest[1] ?? ''}`;
  const model = /^linux-(\d+\.\d+)$/.exec(engine);
  if (model !== null) return `m${model[1] ?? ''}`;
  return engine.startsWith('kernel ') ? 'host' : engine;
}

/** Every claim's verdict on every engine, one line a claim. */
function verdictMatrix(r: DriftReport): string[] {
  const heads = r.engines.map(head);
  const idWidth = Math.max(...r.claims.map((c) => c.claim.id.length), 5);
  const mark = (v: EngineVerdict | undefined) =>
    v === undefined
      ? ' '
      : verdictHeld(v)
        ? '+'
        : unrunParts(v).length > 0 && v.failed.length === 0
          ? '?'
          : '-';
  const legend = r.engines.map((e, i) => `${heads[i] ?? ''} = ${e}`).join(', ');
  return [
    `Verdict of every claim on every engine (+ holds or confirmed, - false or not seen, ? could not run): ${legend}`,
    `  ${'claim'.padEnd(idWidth)} ${heads.join(' ')}`,
    ...r.claims.map((c) =>
      `  ${c.claim.id.padEnd(idWidth)} ${r.engines
        .map((e, i) => mark(c.verdicts.find((v) => v.engine === e)).padEnd((heads[i] ?? '').length))
        .join(' ')}`.trimEnd(),
    ),
  ];
}

export function renderDriftReport(r: DriftReport): string {
  const statements = r.claims.filter((c) => c.claim.kind === 'statement');
  const holding = statements.filter((c) => c.verdicts.every((v) => verdictHeld(v)));
  const failing = statements.filter((c) => c.verdicts.some((v) => !verdictHeld(v)));
  const unmentioned = r.claims.filter((c) => c.claim.kind === 'unmentioned');
  const out: string[] = [
    `mmspec manpages: ${counted(r.claims.length, 'claim')} on ${r.engines.join(', ')}`,
    '',
  ];
  out.push(`Statements that hold on every engine (${holding.length}):`);
  for (const c of holding) out.push(`  ${c.claim.id} (${where(c)}): ${c.claim.says}`);
  out.push('', `Statements false or incomplete on some engine (${failing.length}):`);
  for (const c of failing) {
    const per = c.verdicts.map((v) => `${v.engine} ${verdictWord(v)}`).join(', ');
    out.push(`  ${c.claim.id} (${where(c)}): ${c.claim.says}`, `    verdicts: ${per}`);
    out.push(...failures(c), `    trace (spec/manpages/${c.claim.id}.mmt):`, ...traceLines(c));
  }
  out.push('', `Behaviours the pages do not mention (${unmentioned.length}):`);
  for (const c of unmentioned) {
    const per = c.verdicts
      .map((v) => `${v.engine} ${verdictHeld(v) ? 'confirmed' : 'NOT SEEN'}`)
      .join(', ');
    out.push(`  ${c.claim.id} (${where(c)}): ${c.claim.says}`, `    verdicts: ${per}`);
    out.push(...failures(c));
  }
  out.push(
    '',
    `Errno values a model returns that the call's page does not list (${r.errnos.length}):`,
  );
  for (const e of r.errnos)
    out.push(
      `  ${e.call} ${e.errno} (${e.page}): ${e.byTrace ? `returned in ${e.evidence}` : `read in the source: ${e.evidence}`}`,
    );
  out.push('', ...verdictMatrix(r));
  const disagree = r.claims.filter((c) => new Set(c.verdicts.map((v) => verdictHeld(v))).size > 1);
  out.push(
    '',
    `# total: ${counted(statements.length, 'statement')} (${holding.length} hold, ${failing.length} false or incomplete), ` +
      `${counted(unmentioned.length, 'unmentioned behaviour')}, ${counted(r.errnos.length, 'undocumented errno value')}; ` +
      `${counted(disagree.length, 'claim')} on which the engines disagree`,
  );
  return `${out.join('\n')}\n`;
}
