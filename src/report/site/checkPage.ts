// The properties of spec/ checked on each model within a bound (mmspec check), with each
// counterexample as its trace and as a picture stepped through frame by frame.

import type { KernelModel } from '../../kernel/model.js';
import { engineOf } from '../../kernel/modelEngine.js';
import { type CheckReport, checkKernel } from '../../check/checkKernel.js';
import type { KernelBound } from '../../check/kernelBound.js';
import { parse } from '../../trace/parser.js';
import { resolveProgram } from '../../trace/resolve.js';
import { html, type Markup } from '../_internals/html.js';
import { drawTrace } from '../drawTrace.js';
import { drawingSvg } from '../svgDrawing.js';
import { legend } from '../drawingPage.js';
import { dataTable, page, row, stepper, td } from './layout.js';
import { expectedViolations } from '../../../models/expectedVerdicts.js';
import { defFlagsPath, markPath } from '../machinePath.js';
import { counted } from '../../trace/counted.js';

/** `machine` is the def_flags statechart's SVG, on which each counterexample's path is marked. */
export async function checkPage(
  models: readonly KernelModel[],
  bound: KernelBound,
  machine: string,
): Promise<string> {
  const sections: Markup[] = [
    html`<p>
      ${`Every named property of spec/invariants, explored exhaustively on the bound '${bound.name}' (${bound.regions} regions of ${bound.pages} pages, depth ${bound.depth}). A verdict holds only within the bound. Re-run with: mmspec check --model NAME --bound ${bound.name}`}
    </p>`,
    legend(),
  ];
  for (const model of models) {
    const report = await checkKernel(model, bound, { workers: 1 });
    sections.push(await modelSection(model, report, machine));
  }
  return page('Properties', sections);
}

async function modelSection(model: KernelModel, r: CheckReport, machine: string): Promise<Markup> {
  const rows: Markup[] = [];
  const examples: Markup[] = [];
  for (const p of r.properties) {
    // A known quirk of the model (models/expectedVerdicts.ts) is expected; anything else is not.
    const known = expectedViolations(model.name)[p.name];
    const verdict =
      p.verdict === 'violated'
        ? known === undefined
          ? 'violated, unexpected'
          : 'violated, expected'
        : p.verdict;
    rows.push(
      row([
        p.name,
        p.kind,
        td(verdict, known === undefined ? p.verdict : 'held'),
        p.counterexample === undefined ? '' : counted(p.counterexample.steps.length, 'step'),
        known ?? '',
      ]),
    );
    const ce = p.counterexample;
    if (ce === undefined) continue;
    const program = parse(ce.trace.text, `${p.name}.mmt`);
    const constants = resolveProgram(program, { extraConstants: model.constants });
    const drawing = await drawTrace(program, engineOf(model), { constants });
    examples.push(
      html`<section id=${`${model.name}-${p.name}`}>
        <h3>${`${p.name} on ${model.name}`}</h3>
        <pre>${ce.trace.text}</pre>
        ${stepper(drawingSvg(drawing))}
        <details>
          <summary>its path on the def_flags statechart</summary>
          <div
            class="machine"
            dangerouslySetInnerHTML=${{ __html: markPath(machine, defFlagsPath(drawing)) }}
          ></div>
        </details>
      </section>`,
    );
  }
  return html`<section>
    <h2>${model.name}</h2>
    <p>${`${r.states} states, ${r.transitions} transitions, ${r.seconds.toFixed(1)} s`}</p>
    ${dataTable(['property', 'kind', 'verdict', 'counterexample', 'why it is expected'], rows)}
    ${examples}
  </section>`;
}
