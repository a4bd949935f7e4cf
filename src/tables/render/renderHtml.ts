// A table as a standalone HTML page: every text escaped, differing cells marked, and each line's
// trace folded under its number so the evidence for a cell is one click away.

import type { Grid } from '../tableGrid.js';
import { provenance } from './provenance.js';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE =
  'table{border-collapse:collapse;font:13px monospace}td,th{border:1px solid #999;' +
  'padding:2px 6px;vertical-align:top}th{background:#eee}td.differs{background:#fdd}' +
  'tr.first td{border-top:2px solid #333}details pre{margin:0}';

export function renderHtml(grid: Grid): string {
  const e = escapeHtml;
  const head = `<tr>${grid.header.map((h) => `<th>${e(h)}</th>`).join('')}</tr>`;
  const body = grid.lines.map((l) => {
    const [idCell, ...rest] = l.cells;
    const traces = grid.engines
      .map((engine, i) => `<pre title="${e(engine)}">${e(l.traces[i] ?? '')}</pre>`)
      .join('');
    const id = `<td id="L${e(l.id)}"><details><summary>${e(idCell?.text ?? l.id)}</summary>${traces}</details></td>`;
    const cells = rest
      .map((c) => (c.differs ? `<td class="differs">${e(c.text)} *</td>` : `<td>${e(c.text)}</td>`))
      .join('');
    return `<tr${l.firstOfRow ? ' class="first"' : ''}>${id}${cells}</tr>`;
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${e(grid.name)}: ${e(grid.title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${e(grid.name)}: ${e(grid.title)}</h1>`,
    `<p>${e(grid.summary)}</p>`,
    `<table>${head}`,
    ...body,
    '</table>',
    ...provenance(grid).map((p) => `<p>${e(p)}</p>`),
    `<p>Sources:</p><ul>${grid.sources.map((s) => `<li><code>${e(s)}</code></li>`).join('')}</ul>`,
    '</body></html>',
    '',
  ].join('\n');
}
