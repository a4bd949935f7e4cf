// Worker threads load compiled JavaScript only. Under vitest the project's modules run from
// their .ts sources, so a module that hands a worker its own URL (or a sibling's) falls back on
// the copy `npm run build` puts in dist/.

/** `relative` resolved against `base` (an import.meta.url under src/), as compiled JavaScript. */
export function compiledUrl(relative: string, base: string): URL {
  if (!base.endsWith('.ts')) return new URL(relative, base);
  const cut = base.lastIndexOf('/src/');
  if (cut < 0) throw new Error(`compiledUrl: ${base} is not under src/`);
  const inDist = `${base.slice(0, cut)}/dist${base.slice(cut).replace(/\.ts$/, '.js')}`;
  return new URL(relative, inDist);
}
