// The page shell of the report: navigation, one stylesheet and one small script, both inline so
// that the folder opens from disk with no server and no network. The script does two things:
// filters the lists that have a search box, and steps through the frames of a drawing. They
// are our own constants: the only markup not escaped by the renderer.

import { html, toMarkup, type Markup } from '../_internals/html.js';

export const PAGES = [
  ['index.html', 'Overview'],
  ['models.html', 'Models'],
  ['litmus/index.html', 'Litmus corpus'],
  ['check.html', 'Properties'],
  ['tables.html', 'Truth tables'],
  ['manpages.html', 'Man pages'],
  ['documents.html', 'Documents'],
  ['claims.html', 'Claims'],
] as const;

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b}
nav{background:#22313f;padding:.5em 1em}nav a{color:#fff;margin-right:1.2em;text-decoration:none}
main{padding:1em 2em;max-width:1100px}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#eef}.held{color:#1a7f37}.failed,.violated{color:#b42318;font-weight:bold}.differ{background:#fde2e1}
pre{background:#f6f8fa;padding:.6em;overflow-x:auto}
.stepper .frame{display:none}.stepper .frame.current{display:block}
.stepper-controls button{margin-right:.5em}
.legend span{display:inline-block;width:12px;height:12px;border:1px solid #222;margin:0 4px 0 12px}
input.search{width:30em;padding:.3em}
.machine .visited path,.machine .visited polygon{stroke:#e76f51;stroke-width:3}.machine .visited text{font-weight:bold}
`;

const SCRIPT = `
for (const box of document.querySelectorAll('input.search')) {
  const list = document.getElementById(box.dataset.list);
  box.addEventListener('input', () => {
    const q = box.value.toLowerCase();
    for (const row of list.querySelectorAll('[data-text]'))
      row.hidden = q !== '' && !row.dataset.text.toLowerCase().includes(q);
  });
}
for (const stepper of document.querySelectorAll('.stepper')) {
  const frames = [...stepper.querySelectorAll('.frame')];
  const where = stepper.querySelector('.where');
  let at = 0;
  const show = () => {
    frames.forEach((f, i) => f.classList.toggle('current', i === at));
    where.textContent = 'step ' + (at + 1) + ' of ' + frames.length;
  };
  stepper.querySelector('.prev').addEventListener('click', () => { at = Math.max(0, at - 1); show(); });
  stepper.querySelector('.next').addEventListener('click', () => { at = Math.min(frames.length - 1, at + 1); show(); });
  show();
}
`;

/** A whole page; `depth` is how many folders below the report's root it lies. */
export function page(title: string, body: Markup | Markup[], depth = 0): string {
  const up = '../'.repeat(depth);
  return `<!doctype html>\n${toMarkup(
    html`<html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${`${title} — mmspec`}</title>
        <style dangerouslySetInnerHTML=${{ __html: STYLE }}></style>
      </head>
      <body>
        <nav>${PAGES.map(([href, name]) => html`<a href=${up + href}>${name}</a>`)}</nav>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
        <script dangerouslySetInnerHTML=${{ __html: SCRIPT }}></script>
      </body>
    </html>`,
  )}\n`;
}

/** Frames shown one at a time, with buttons to step through them. */
export function stepper(frames: Markup[]): Markup {
  return html`<div class="stepper">
    <p class="stepper-controls">
      <button class="prev" type="button">previous step</button>
      <button class="next" type="button">next step</button>
      <span class="where"></span>
    </p>
    ${frames}
  </div>`;
}

/** A cell: its content, and the class that colours a verdict and the title shown on hover. */
export function td(content: unknown, cls?: string, title?: string): Markup {
  return html`<td class=${cls} title=${title}>${content}</td>`;
}

/** A row of cells: each a td() or a plain value. */
export function row(cells: readonly unknown[]): Markup {
  return html`<tr>
    ${cells.map((c) => (isCell(c) ? c : td(c)))}
  </tr>`;
}

const isCell = (c: unknown): boolean =>
  typeof c === 'object' && c !== null && 'type' in c && c.type === 'td';

/** The report's table: one header row, then the rows. */
export function dataTable(heads: readonly string[], rows: readonly Markup[]): Markup {
  return html`<table>
    <tr>
      ${heads.map((h) => html`<th>${h}</th>`)}
    </tr>
    ${rows}
  </table>`;
}
