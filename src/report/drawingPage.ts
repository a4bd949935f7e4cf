// A stand-alone HTML page of drawings (mmspec draw --format svg): each engine's frames, one
// under the other, with the legend. No script, no network: it opens from disk.

import { html, toMarkup } from './_internals/html.js';
import { PAGE_COLOURS, PAGE_WORDS, drawingSvg } from './svgDrawing.js';
import type { Drawing } from './drawTrace.js';

const STYLE =
  'body{font-family:sans-serif;margin:1em} figure{margin:0.5em 0} .legend span{display:inline-block;width:12px;height:12px;border:1px solid #222;margin:0 4px 0 12px}';

export function drawingPage(drawings: readonly Drawing[]): string {
  const title = drawings[0]?.file ?? 'drawing';
  return `<!doctype html>\n${toMarkup(
    html`<html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
        <style dangerouslySetInnerHTML=${{ __html: STYLE }}></style>
      </head>
      <body>
        <h1>${title}</h1>
        ${legend()}
        ${drawings.map(
          (d) =>
            html`<section>
              <h2>${d.engine}</h2>
              ${drawingSvg(d)}
            </section>`,
        )}
      </body>
    </html>`,
  )}\n`;
}

export function legend() {
  return html`<p class="legend">
    ${Object.entries(PAGE_WORDS).map(
      ([letter, word]) =>
        html`<span style=${`background:${PAGE_COLOURS[letter] ?? '#fff'}`}></span>${word}`,
    )}
  </p>`;
}
