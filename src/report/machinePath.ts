// A run's path on the def_flags statechart (spec/machines/defFlags*): the state after each
// mlockall or munlockall, read from the drawing's def_flags, marked on the machine's diagram.
// The diagram is the repository's own generated SVG; marking adds a class to the nodes and
// edges the run visits.

import type { Drawing } from './drawTrace.js';

export type DefFlagsState = 'none' | 'future' | 'future_onfault';

export function defFlagsState(mnemonics: readonly string[]): DefFlagsState {
  if (!mnemonics.includes('lo')) return 'none';
  return mnemonics.includes('lf') ? 'future_onfault' : 'future';
}

/** The transitions the run takes on the machine: one a successful mlockall or munlockall. */
export function defFlagsPath(d: Drawing): [DefFlagsState, DefFlagsState][] {
  const path: [DefFlagsState, DefFlagsState][] = [];
  let state: DefFlagsState = 'none';
  for (const step of d.steps) {
    const f = step.frame;
    if (f.depth > 0 || f.space.defFlags === null) continue;
    const next = defFlagsState(f.space.defFlags);
    const call = f.call?.call;
    if (call === 'mlockall' || call === 'munlockall') path.push([state, next]);
    state = next;
  }
  return path;
}

/** The diagram with the states and transitions of `path` given the class `visited`. */
export function markPath(svg: string, path: readonly [DefFlagsState, DefFlagsState][]): string {
  const titles = new Set<string>(['defFlags.none']);
  for (const [from, to] of path) {
    titles.add(`defFlags.${to}`);
    titles.add(`defFlags.${from}&#45;&gt;defFlags.${to}`);
  }
  return svg.replace(
    /<g id="([^"]+)" class="(node|edge)">\n<title>([^<]*)<\/title>/g,
    (whole, id: string, kind: string, title: string) =>
      titles.has(title) ? `<g id="${id}" class="${kind} visited">\n<title>${title}</title>` : whole,
  );
}
