// A table as GitHub Markdown: pipes escaped, the sources and the legend underneath.

import type { Grid } from '../tableGrid.js';
import { marked, provenance } from './provenance.js';

const escape = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');

export function renderMarkdown(grid: Grid): string {
  const row = (cells: readonly string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [
    `# ${grid.name}: ${grid.title}`,
    '',
    grid.summary,
    '',
    row(grid.header),
    row(grid.header.map(() => '---')),
    ...grid.lines.map((l) => row(l.cells.map(marked))),
    '',
    ...provenance(grid).flatMap((p) => [p, '']),
    'Sources:',
    ...grid.sources.map((s) => `- \`${s}\``),
    '',
  ].join('\n');
}
