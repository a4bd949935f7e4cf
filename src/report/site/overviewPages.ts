// The overview, the models with their provenance, the claims ledger and the truth tables
// (spec/tables/*.html when they have been generated).

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelSummary } from '../../../models/registry.js';
import { html, type Markup } from '../_internals/html.js';
import { dataTable, page, row, td } from './layout.js';

export interface KernelFigures {
  readonly engine: string;
  readonly traces: number;
  readonly agreed: number;
}

/** What CI holds each Debian kernel under qemu to (spec/kernels/expected-differences.json). */
export interface TargetFigures {
  readonly target: string;
  readonly model: string;
  readonly differing: readonly string[];
}

export async function targetFigures(root: string): Promise<TargetFigures[]> {
  const text = await readFile(join(root, 'spec/kernels/expected-differences.json'), 'utf8').catch(
    () => '{}',
  );
  const file = JSON.parse(text) as {
    model?: string;
    targets?: Record<string, { differing?: string[] }>;
    models?: Record<string, Record<string, { differing?: string[] }>>;
  };
  const rows: TargetFigures[] = Object.entries(file.targets ?? {}).map(([target, t]) => ({
    target,
    model: file.model ?? 'linux-6.18',
    differing: t.differing ?? [],
  }));
  for (const [model, targets] of Object.entries(file.models ?? {}))
    for (const [target, t] of Object.entries(targets))
      rows.push({ target, model, differing: t.differing ?? [] });
  return rows;
}

export function overviewPage(
  models: readonly ModelSummary[],
  kernels: readonly KernelFigures[],
  targets: readonly TargetFigures[],
  litmus: number,
  seconds: number,
): string {
  const body: Markup[] = [
    html`<p>
      mmspec is an executable specification and model checker of the Linux kernel's memory-locking
      and page-population API. This report was built from the repository by
      <code>mmspec report</code>.
    </p>`,
    html`<h2>Models</h2>`,
    modelTable(models.filter((m) => m.kind !== 'planted')),
    html`<h2>Kernels checked</h2>`,
    kernels.length === 0
      ? html`<p>
          No kernel was run for this report (it needs the executor: Linux, a C compiler, root for
          kpageflags).
        </p>`
      : dataTable(
          ['kernel', 'litmus traces', 'where the model agrees'],
          kernels.map((k) =>
            row([
              k.engine,
              k.traces,
              td(`${k.agreed} of ${k.traces}`, k.agreed === k.traces ? 'held' : 'failed'),
            ]),
          ),
        ),
    html`<h2>Debian kernels under qemu</h2>`,
    html`<p>
      Measured with mmspec run --compare --kernel TARGET on the whole corpus; CI holds each target
      to these lists (spec/kernels).
    </p>`,
    dataTable(
      ['kernel target', 'model', 'traces that differ'],
      targets.map((t) =>
        row([
          t.target,
          t.model,
          td(
            `${t.differing.length} of ${litmus}`,
            t.differing.length === 0 ? 'held' : 'failed',
            t.differing.join(', '),
          ),
        ]),
      ),
    ),
    html`<p>${`${litmus} litmus traces; built in ${seconds.toFixed(1)} s.`}</p>`,
  ];
  return page('mmspec report', body);
}

function modelTable(models: readonly ModelSummary[]): Markup {
  return dataTable(
    ['model', 'provenance', 'what it is'],
    models.map((m) => row([m.name, m.provenance, m.description])),
  );
}

export function modelsPage(models: readonly ModelSummary[]): string {
  return page('Models', [
    html`<p>
      A model is the simulator with some of its named decision points replaced
      (src/kernel/decisions.ts). Planted models each plant one wrong decision, to show that the
      checks can fail.
    </p>`,
    modelTable(models.filter((m) => m.kind !== 'planted')),
    html`<h2>Planted bugs</h2>`,
    modelTable(models.filter((m) => m.kind === 'planted')),
  ]);
}

/** An entry of proofs/ledger.json, as far as the page reads it. */
interface LedgerEntry {
  readonly invariant?: string;
  readonly model?: string;
  readonly bound?: unknown;
  readonly expected?: { readonly verdict?: string };
  readonly verdict?: string;
}

export async function claimsPage(root: string): Promise<string> {
  const text = await readFile(join(root, 'proofs/ledger.json'), 'utf8').catch(() => '{}');
  const ledger = JSON.parse(text) as { entries?: readonly LedgerEntry[] };
  const entries = ledger.entries ?? [];
  return page('Claims', [
    html`<p>
      Each claim is property × model × bound → the verdict it must have; the tests re-check every
      one (proofs/).
    </p>`,
    dataTable(
      ['property', 'model', 'bound', 'expected', 'verdict'],
      entries.map((e) => {
        const expected = e.expected?.verdict ?? '';
        const verdict = e.verdict ?? '';
        return row([
          e.invariant ?? '',
          e.model ?? '',
          html`<code>${JSON.stringify(e.bound ?? '')}</code>`,
          expected,
          td(verdict, verdict === expected ? 'held' : 'failed'),
        ]);
      }),
    ),
  ]);
}

/** Links to the committed truth tables, copied into the report (spec/tables/*.html). */
export async function tablesPage(
  root: string,
  copy: (name: string, text: string) => Promise<void>,
): Promise<string> {
  const dir = join(root, 'spec/tables');
  const names = await readdir(dir).then(
    (all) => all.filter((n) => n.endsWith('.html')).sort(),
    () => [],
  );
  for (const n of names) await copy(`tables/${n}`, await readFile(join(dir, n), 'utf8'));
  return page('Truth tables', [
    names.length === 0
      ? html`<p>No truth table has been generated yet (mmspec table NAME --format html).</p>`
      : html`<ul>
          ${names.map((n) => html`<li><a href=${`tables/${n}`}>${n.replace(/\.html$/, '')}</a></li>`)}
        </ul>`,
  ]);
}
