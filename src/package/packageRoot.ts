// The one place that finds mmspec's package root: the nearest folder above this module holding
// a package.json. The same search works from src/ (vitest runs the TypeScript) and from
// dist/src/ (the built command), so the CLI, the executor's C sources and the model loader all
// find their files through here.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding mmspec's package.json; throws (naming where it searched from) when none. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`packageRoot: no package.json above ${start}`);
    dir = up;
  }
  root = dir;
  return dir;
}

/** The path of a file of the package, given relative to its root. */
export const packageFile = (...segments: string[]): string => join(packageRoot(), ...segments);
