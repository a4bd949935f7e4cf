// Files the package ships beside its compiled code (the executor's C sources): found from the
// package root, the nearest folder above this module with a package.json, so the same path
// works from src/ under vitest and from dist/ once built.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package root; throws (naming the folder searched from) when there is none. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir)
      throw new Error(
        `packageRoot: no package.json above ${dirname(fileURLToPath(import.meta.url))}`,
      );
    dir = up;
  }
  root = dir;
  return dir;
}

/** The path of a file of the package, given relative to its root. */
export const packageFile = (...segments: string[]): string => join(packageRoot(), ...segments);
