// A drawing as SVG: each frame a band of boxes, one a page, coloured by the page's state, VMAs
// outlined, and their protection and lock bits written under them. The colours are the
// legend's; a page the kernel may show either way is hatched grey.

import { html, type Markup } from './_internals/html.js';
import { segmentLabel } from './_internals/segmentText.js';
import type { AddressSpace, RegionPicture } from './addressSpace.js';
import type { Drawing } from './drawTrace.js';

const CELL = 14;
const ROW = 46;
const LEFT = 60;

export const PAGE_COLOURS: Readonly<Record<string, string>> = {
  '.': '#ffffff',
  z: '#d9d9d9',
  p: '#8ecae6',
  L: '#e76f51',
  '?': '#b0b0b0',
};

export const PAGE_WORDS: Readonly<Record<string, string>> = {
  '.': 'absent',
  z: 'zero page',
  p: 'present',
  L: 'mlocked',
  '?': 'present, mlocked or not',
};

/** One frame's address space as an SVG element; `names` are the regions' names in order. */
export function spaceSvg(space: AddressSpace, names: readonly string[]): Markup {
  const widest = Math.max(4, ...space.regions.map((r) => Math.min(r.pages, 64)));
  const width = Math.max(LEFT + widest * CELL + 20, 340);
  const height = space.regions.length * ROW + 24;
  const footer = `VmLck ${space.lockedBytes === null ? '?' : `${space.lockedBytes / 1024n} kB`}${
    space.defFlags === null ? '' : `, def_flags ${space.defFlags.join(' ') || '-'}`
  }`;
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    width=${width}
    height=${height}
    viewBox=${`0 0 ${width} ${height}`}
    class="space"
    role="img"
  >
    ${space.regions.map((r, i) => regionSvg(r, names[i] ?? '?', i * ROW + 4))}
    <text x="4" y=${height - 6} font-size="11" font-family="monospace">${footer}</text>
  </svg>`;
}

function regionSvg(r: RegionPicture, name: string, y: number): Markup {
  const letters = r.letters ?? '';
  return html`<g>
    <text x="4" y=${y + 12} font-size="12" font-family="monospace">${name}</text>
    ${r.segments.map((s) => {
      const x = LEFT + s.first * CELL;
      const w = (s.end - s.first) * CELL;
      const cells = [];
      for (let p = s.first; p < s.end; p++) {
        const letter = s.flags === null ? '~' : (letters[p] ?? '.');
        cells.push(
          html`<rect
            x=${LEFT + p * CELL + 1}
            y=${y + 1}
            width=${CELL - 2}
            height=${CELL}
            fill=${s.flags === null ? 'none' : (PAGE_COLOURS[letter] ?? '#fff')}
            data-page=${letter}
            ><title>
              ${`page ${p}: ${s.flags === null ? 'no VMA' : (PAGE_WORDS[letter] ?? letter)}`}
            </title></rect
          >`,
        );
      }
      return html`<g>
        ${cells}
        ${
          s.flags === null
            ? null
            : html`<rect x=${x} y=${y} width=${w} height=${CELL + 2} fill="none" stroke="#222" />`
        }
        <text x=${x + 2} y=${y + CELL + 14} font-size="10" font-family="monospace">
          ${segmentLabel(s.flags)}
        </text>
      </g>`;
    })}
  </g>`;
}

/** Every frame of a drawing, one above the other, each under its statement. */
export function drawingSvg(d: Drawing): Markup[] {
  const names = d.regions.map((r) => r.name);
  return d.steps.map(
    (s) =>
      html`<figure class="frame" data-line=${s.line}>
        <figcaption><code>${`${s.line}: ${s.text}`}</code></figcaption>
        ${spaceSvg(s.frame.space, names)}
      </figure>`,
  );
}
