// The version of the package this CLI belongs to, read from the package.json at its root.

import { readFileSync } from 'node:fs';
import { packageFile } from '../../package/packageRoot.js';

/** `version` of package.json, as `mmspec --version` prints it. */
export function packageVersion(): string {
  const json: unknown = JSON.parse(readFileSync(packageFile('package.json'), 'utf8'));
  const version =
    typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}
