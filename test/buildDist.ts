// Vitest global setup: compile the project into dist/ once, before any test file runs. Worker
// threads (the explorer's, mmspec check's and diff's) load compiled JavaScript only, and one
// build here means no test file rewrites dist/ while another's workers are loading from it.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  } catch {
    // Type errors still emit JavaScript; the type check and the tests themselves judge.
  }
}
