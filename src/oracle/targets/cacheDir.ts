// Where fetched kernels, the guest initramfs and probes are kept: the user's cache directory,
// $XDG_CACHE_HOME/mmspec or ~/.cache/mmspec (MMSPEC_CACHE_DIR overrides both, for tests and CI).

import { homedir } from 'node:os';
import { join } from 'node:path';

export function mmspecCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const own = env['MMSPEC_CACHE_DIR'];
  if (own !== undefined && own !== '') return own;
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'mmspec');
}
