// The project's own documents (spec/*.md, and the folders of reviews, findings and man-page
// reports when they exist), rendered from markdown with marked. These are the repository's
// files, never a user's trace, so their HTML is taken as written.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { marked } from 'marked';
import { html, type Markup } from '../_internals/html.js';
import { page } from './layout.js';

/** The documents shown, relative to the repository root; folders contribute every .md. */
export const DOCUMENT_PLACES = [
  'spec/semantics.md',
  'spec/facts-disagreements.md',
  'spec/limitations.md',
  'spec/trace-format.md',
  'spec/reviews',
  'spec/findings',
  'spec/manpages',
  'spec/kernels',
] as const;

export interface Document {
  readonly path: string;
  readonly title: string;
  readonly html: string;
}

export async function readDocuments(root: string): Promise<Document[]> {
  const docs: Document[] = [];
  for (const place of DOCUMENT_PLACES) {
    const full = join(root, place);
    const files = place.endsWith('.md')
      ? [full]
      : await readdir(full).then(
          (names) =>
            names
              .filter((n) => n.endsWith('.md'))
              .sort()
              .map((n) => join(full, n)),
          () => [],
        );
    for (const file of files) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const title = /^#\s+(.+)$/m.exec(text)?.[1] ?? relative(root, file);
      docs.push({ path: relative(root, file), title, html: await marked.parse(text) });
    }
  }
  return docs;
}

export function documentsPage(docs: readonly Document[]): string {
  const body: Markup[] = [
    html`<ul>
      ${docs.map((d, i) => html`<li><a href=${`#doc-${i}`}>${d.title}</a> <code>${d.path}</code></li>`)}
    </ul>`,
    ...docs.map(
      (d, i) =>
        html`<section id=${`doc-${i}`}>
          <hr />
          <p><code>${d.path}</code></p>
          <div dangerouslySetInnerHTML=${{ __html: d.html }}></div>
        </section>`,
    ),
  ];
  return page('Documents', body);
}
