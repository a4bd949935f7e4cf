// The package this CLI belongs to, found from this file whether it runs from src/ (tests) or
// from dist/src/ (the installed command): its root folder and its version.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding mmspec's package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  return dir;
}

/** `version` of package.json, as `mmspec --version` prints it. */
export function packageVersion(): string {
  const json: unknown = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
  const version =
    typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}
