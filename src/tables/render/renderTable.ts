// The formats a table prints in, by name.

import type { Grid } from '../tableGrid.js';
import { renderCsv } from './renderCsv.js';
import { renderHtml } from './renderHtml.js';
import { renderJson } from './renderJson.js';
import { renderMan } from './renderMan.js';
import { renderMarkdown } from './renderMarkdown.js';

export const TABLE_FORMATS = ['man', 'md', 'csv', 'json', 'html'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export function isTableFormat(name: string): name is TableFormat {
  return (TABLE_FORMATS as readonly string[]).includes(name);
}

const RENDERERS: Readonly<Record<TableFormat, (grid: Grid) => string>> = {
  man: renderMan,
  md: renderMarkdown,
  csv: renderCsv,
  json: renderJson,
  html: renderHtml,
};

export function renderTable(grid: Grid, format: TableFormat): string {
  return RENDERERS[format](grid);
}

/** The file extension of each format under spec/tables/. */
export const FORMAT_EXTENSION: Readonly<Record<TableFormat, string>> = {
  man: '7',
  md: 'md',
  csv: 'csv',
  json: 'json',
  html: 'html',
};
