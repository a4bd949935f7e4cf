// The litmus corpus, browsable: an index with a search box, and a page a trace with its text,
// its verdict on every model (and on each kernel the report ran), and the address space drawn
// after each statement, stepped through one frame at a time.

import { basename } from 'node:path';
import type { KernelModel } from '../../kernel/model.js';
import { engineOf } from '../../kernel/modelEngine.js';
import { parse } from '../../trace/parser.js';
import { resolveProgram } from '../../trace/resolve.js';
import { judge } from '../../trace/judge.js';
import { runProgram } from '../../trace/runner.js';
import type { Engine } from '../../uapi/engine.js';
import { html, type Markup } from '../_internals/html.js';
import { drawTrace } from '../drawTrace.js';
import { legend } from '../drawingPage.js';
import { drawingSvg } from '../svgDrawing.js';
import { dataTable, page, row, stepper, td } from './layout.js';

export interface LitmusSource {
  readonly file: string;
  readonly source: string;
}

/** How one engine did on one trace. */
export interface TraceResult {
  readonly engine: string;
  readonly held: number;
  readonly failed: number;
  readonly couldNotRun: boolean;
}

export interface LitmusEntry {
  readonly name: string;
  readonly summary: string;
  readonly results: readonly TraceResult[];
}

/** The first comment line of a trace's header: `NAME: what it shows`. */
export function summaryOf(source: string): string {
  const first = source.split('\n').find((l) => l.startsWith('#'));
  return (first ?? '').replace(/^#\s*/, '');
}

async function resultOn(
  src: LitmusSource,
  model: KernelModel,
  engine: Engine,
): Promise<TraceResult> {
  try {
    const program = parse(src.source, src.file);
    const constants = resolveProgram(program, { extraConstants: model.constants });
    const outcome = await runProgram(program, engine, { constants });
    const verdicts = judge(program, outcome, constants);
    const failed = verdicts.filter((v) => !v.held).length;
    return {
      engine: engine.name,
      held: verdicts.length - failed,
      failed,
      couldNotRun: outcome.unsupported.length > 0,
    };
  } catch {
    return { engine: engine.name, held: 0, failed: 0, couldNotRun: true };
  }
}

/** The trace's page; returns its entry for the index. */
export async function litmusPage(
  src: LitmusSource,
  models: readonly KernelModel[],
  kernels: readonly Engine[],
  write: (path: string, text: string) => Promise<void>,
): Promise<LitmusEntry> {
  const name = basename(src.file, '.mmt');
  const results: TraceResult[] = [];
  for (const m of models) results.push(await resultOn(src, m, engineOf(m)));
  const base = models[0];
  for (const k of kernels) if (base !== undefined) results.push(await resultOn(src, base, k));
  let frames: Markup[] = [];
  if (base !== undefined) {
    try {
      const program = parse(src.source, src.file);
      const constants = resolveProgram(program, { extraConstants: base.constants });
      frames = drawingSvg(await drawTrace(program, engineOf(base), { constants }));
    } catch {
      frames = [];
    }
  }
  const body = [
    html`<p><a href="index.html">all traces</a></p>`,
    html`<pre>${src.source}</pre>`,
    html`<h2>Results</h2>`,
    resultsTable(results),
    html`<h2>${`Step by step on ${base?.name ?? 'no model'}`}</h2>`,
    legend(),
    frames.length === 0 ? html`<p>This trace could not be drawn.</p>` : stepper(frames),
  ];
  await write(`litmus/${name}.html`, page(name, body, 1));
  return { name, summary: summaryOf(src.source), results };
}

function resultsTable(results: readonly TraceResult[]): Markup {
  return dataTable(
    ['engine', 'verdict', 'held', 'failed'],
    results.map((r) => row([r.engine, td(verdictOf(r), verdictOf(r)), r.held, r.failed])),
  );
}

export function verdictOf(r: TraceResult): 'held' | 'failed' | 'could not run' {
  if (r.couldNotRun) return 'could not run';
  return r.failed === 0 ? 'held' : 'failed';
}

export function litmusIndex(entries: readonly LitmusEntry[]): string {
  const engines = entries[0]?.results.map((r) => r.engine) ?? [];
  return page(
    'Litmus corpus',
    [
      html`<p>
        ${`${entries.length} traces. Each runs on every model listed and on the kernels this report ran; type to filter.`}
      </p>`,
      html`<input
        class="search"
        data-list="traces"
        placeholder="filter: a call, a flag, a word"
      />`,
      html`<table id="traces">
        <tr>
          <th>trace</th>
          <th>what it shows</th>
          ${engines.map((e) => html`<th>${e}</th>`)}
        </tr>
        ${entries.map(
          (e) =>
            html`<tr data-text=${`${e.name} ${e.summary}`}>
              <td><a href=${`${encodeURIComponent(e.name)}.html`}>${e.name}</a></td>
              <td>${e.summary}</td>
              ${e.results.map((r) => html`<td class=${verdictOf(r)}>${verdictOf(r)}</td>`)}
            </tr>`,
        )}
      </table>`,
    ],
    1,
  );
}
