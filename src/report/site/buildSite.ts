// `mmspec report` as a library: one folder of static pages, built from what the other rooms
// compute — the models, the litmus corpus run on every model (and on the kernels given), the
// properties checked within a bound, the truth tables, the documents and the claims. It opens
// from disk: no server, no network, every page self-contained.

import { packageRoot } from '../../package/packageRoot.js';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { listModels } from '../../../models/registry.js';
import type { KernelModel } from '../../kernel/model.js';
import type { KernelBound } from '../../check/kernelBound.js';
import type { Engine } from '../../uapi/engine.js';
import { checkPage } from './checkPage.js';
import { documentsPage, readDocuments } from './documentsPage.js';
import { type LitmusEntry, litmusIndex, litmusPage, verdictOf } from './litmusPages.js';
import {
  type KernelFigures,
  claimsPage,
  modelsPage,
  overviewPage,
  targetFigures,
} from './overviewPages.js';
import { tablePages } from './tablePages.js';
import { manpagesPage } from './manpagesPage.js';

/** spec/ and proofs/ are read from the package root (src/package/packageRoot.ts). */
export interface SiteOptions {
  readonly out: string;
  /** The models the corpus runs on and the properties are checked on; the first one draws. */
  readonly models: readonly KernelModel[];
  readonly kernels: readonly Engine[];
  readonly bound: KernelBound;
  readonly onProgress?: (what: string) => void;
}

export interface SiteFigures {
  readonly pages: number;
  readonly seconds: number;
}

export async function buildSite(o: SiteOptions): Promise<SiteFigures> {
  const started = performance.now();
  const root = packageRoot();
  let pages = 0;
  const write = async (path: string, text: string) => {
    const file = join(o.out, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    pages += 1;
  };
  const dir = join(root, 'spec/litmus');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.mmt')).sort();
  const entries: LitmusEntry[] = [];
  for (const [i, n] of names.entries()) {
    o.onProgress?.(`litmus ${i + 1}/${names.length}`);
    const file = join('spec/litmus', n);
    const source = await readFile(join(root, file), 'utf8');
    entries.push(await litmusPage({ file, source }, o.models, o.kernels, write));
  }
  await write('litmus/index.html', litmusIndex(entries));
  o.onProgress?.('properties');
  const machine = await readFile(join(root, 'spec/machines/diagrams/defFlags.svg'), 'utf8');
  await write('check.html', await checkPage(o.models, o.bound, machine));
  const models = listModels();
  await write('models.html', modelsPage(models));
  await write('documents.html', documentsPage(await readDocuments(root)));
  await write('claims.html', await claimsPage(root));
  o.onProgress?.('man pages');
  const base = o.models[0];
  if (base !== undefined) await write('manpages.html', await manpagesPage(root, base, o.kernels));
  o.onProgress?.('truth tables');
  await write('tables.html', await tablePages(o.models, o.kernels, write));
  const seconds = (performance.now() - started) / 1000;
  const targets = await targetFigures(root);
  await write(
    'index.html',
    overviewPage(models, kernelFigures(entries, o), targets, entries.length, seconds),
  );
  return { pages, seconds };
}

/** Per kernel: the traces where its verdict is the first model's. */
function kernelFigures(entries: readonly LitmusEntry[], o: SiteOptions): KernelFigures[] {
  return o.kernels.map((k, i) => {
    const column = o.models.length + i;
    const agreed = entries.filter((e) => {
      const m = e.results[0];
      const r = e.results[column];
      return m !== undefined && r !== undefined && verdictOf(m) === verdictOf(r);
    }).length;
    return { engine: k.name, traces: entries.length, agreed };
  });
}
