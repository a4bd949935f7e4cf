// Where the module a model file imports as 'mmspec' lives: its TypeScript source (for the
// type check) and its compiled JavaScript (for the import). Under vitest this code runs from
// models/_internals/*.ts; from the CLI it runs from dist/models/_internals/*.js.

import { existsSync } from 'node:fs';
import { packageFile } from '../../src/package/packageRoot.js';

const here = import.meta.url;
const fromSource = here.endsWith('.ts');

/** models/modelApi.ts, the types a model file is checked against. */
export const MMSPEC_API_SOURCE = packageFile('models', 'modelApi.ts');

/** The compiled module a model file's `import ... from 'mmspec'` is rewritten to. */
export const MMSPEC_API_URL = new URL(
  fromSource ? '../../dist/models/modelApi.js' : '../modelApi.js',
  here,
).href;

/** src/kernel/decisions.ts, which `mmspec new-model` and the flag-flow analysis read. */
export const DECISIONS_SOURCE = packageFile('src', 'kernel', 'decisions.ts');

export function sourcesPresent(): boolean {
  return existsSync(MMSPEC_API_SOURCE);
}
