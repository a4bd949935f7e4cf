// The C readers of the observables (src/oracle/observables.h): the executor #includes the
// file, and every C reproducer carries its text verbatim, so both read the kernel one way.

import { readFileSync } from 'node:fs';
import { packageFile } from '../package/packageRoot.js';

/** Where the package keeps the shared readers (package.json "files" ships it). */
export const observablesPath = (): string => packageFile('src', 'oracle', 'observables.h');

let text: string | undefined;

/** The text of src/oracle/observables.h, read once from the package's own files. */
export function observablesSource(): string {
  if (text === undefined) {
    try {
      text = readFileSync(observablesPath(), 'utf8');
    } catch {
      throw new Error(
        `observablesSource: cannot read ${observablesPath()}; the package is incomplete (package.json "files" must list it)`,
      );
    }
  }
  return text;
}
