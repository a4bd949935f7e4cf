// DOT -> SVG with @viz-js/viz: Graphviz compiled to WebAssembly and bundled in the package, so
// no native `dot` binary and no network are needed.

import { instance } from '@viz-js/viz';

export async function toSvg(dot: string): Promise<string> {
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
