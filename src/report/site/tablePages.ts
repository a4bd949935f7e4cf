// The truth tables in the report: every table computed on every model (and on the kernels the
// report ran), cells that differ between engines marked, and each line's number linking to a
// page of its own — the trace each engine ran for it, what each showed, and the model's run
// drawn step by step.

import type { KernelModel } from '../../kernel/model.js';
import { engineOf } from '../../kernel/modelEngine.js';
import { type ComputedTable, computeTable, programOf } from '../../tables/computeTable.js';
import { type Grid, type GridLine, tableGrid } from '../../tables/tableGrid.js';
import { TABLES } from '../../tables/tables.js';
import type { TableSpec } from '../../tables/tableSpec.js';
import { variantsOf } from '../../tables/tableSpec.js';
import type { Engine } from '../../uapi/engine.js';
import { html, type Markup } from '../_internals/html.js';
import { drawTrace } from '../drawTrace.js';
import { legend } from '../drawingPage.js';
import { drawingSvg } from '../svgDrawing.js';
import { dataTable, page, row, stepper, td } from './layout.js';

type Write = (path: string, text: string) => Promise<void>;

export async function tablePages(
  models: readonly KernelModel[],
  kernels: readonly Engine[],
  write: Write,
): Promise<string> {
  const engines = [...models.map(engineOf), ...kernels];
  const listed: Markup[] = [];
  for (const spec of TABLES) {
    const table = await computeTable(spec, engines);
    const grid = tableGrid(table);
    await write(`tables/${spec.name}.html`, tablePage(grid));
    await cellPages(spec, table, grid, models[0], write);
    listed.push(
      row([
        html`<a href=${`tables/${spec.name}.html`}>${spec.name}</a>`,
        spec.title,
        grid.lines.length,
        td(grid.differing, grid.differing === 0 ? 'held' : 'failed'),
      ]),
    );
  }
  return page('Truth tables', [
    html`<p>
      ${`Each cell is a trace run on ${engines.map((e) => e.name).join(', ')}; a cell the engines disagree on is marked. Regenerate one with: mmspec table NAME --format html`}
    </p>`,
    dataTable(['table', 'what it shows', 'lines', 'cells that differ'], listed),
  ]);
}

function tablePage(grid: Grid): string {
  return page(
    grid.title,
    [
      html`<p>${grid.summary}</p>`,
      html`<p>${`Sources: ${grid.sources.join('; ')}`}</p>`,
      html`<table>
        <tr>
          ${grid.header.map((h) => html`<th>${h}</th>`)}
        </tr>
        ${grid.lines.map(
          (line) =>
            html`<tr>
              ${line.cells.map((c, i) =>
                i === 0
                  ? html`<td>
                      <a href=${`${grid.name}/${encodeURIComponent(line.id)}.html`}>${c.text}</a>
                    </td>`
                  : html`<td class=${c.differs ? 'differ' : ''}>${c.text}</td>`,
              )}
            </tr>`,
        )}
      </table>`,
    ],
    1,
  );
}

async function cellPages(
  spec: TableSpec,
  table: ComputedTable,
  grid: Grid,
  model: KernelModel | undefined,
  write: Write,
): Promise<void> {
  const variants = variantsOf(spec).length;
  let at = 0;
  for (const row of table.rows)
    for (let v = 0; v < variants; v++) {
      const line = grid.lines[at++];
      if (line === undefined) continue;
      let frames: Markup[] = [];
      if (model !== undefined) {
        const { program, constants } = programOf(spec, row.spec, v);
        frames = drawingSvg(await drawTrace(program, engineOf(model), { constants }));
      }
      await write(`tables/${spec.name}/${line.id}.html`, cellPage(spec, grid, line, frames));
    }
}

function cellPage(spec: TableSpec, grid: Grid, line: GridLine, frames: Markup[]): string {
  return page(
    `${spec.name}, line ${line.id}`,
    [
      html`<p><a href=${`../${spec.name}.html`}>${`the whole table: ${spec.title}`}</a></p>`,
      html`<table>
        <tr>
          ${grid.header.map((h) => html`<th>${h}</th>`)}
        </tr>
        <tr>
          ${line.cells.map((c) => html`<td class=${c.differs ? 'differ' : ''}>${c.text}</td>`)}
        </tr>
      </table>`,
      ...grid.engines.map(
        (engine, i) =>
          html`<section class="cell-trace">
            <h2>${`On ${engine}`}</h2>
            <pre>${line.traces[i] ?? ''}</pre>
          </section>`,
      ),
      html`<h2>Step by step on the model</h2>`,
      legend(),
      stepper(frames),
    ],
    2,
  );
}
