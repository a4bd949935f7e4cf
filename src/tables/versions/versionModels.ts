// The kernel versions mmspec models, oldest first, and the model each kernel target is held to:
// a target `linux-X.Y` is verified against the model of the same name when the registry has
// one; a target without one is compared with the default model, and what it shows is
// "observed only" (no model of its own vouches for it).

import { DEFAULT_MODEL, listModels } from '../../../models/registry.js';
import { DEBIAN_KERNELS } from '../../oracle/targets/kernelTargets.js';

const VERSION_NAME = /^linux-(\d+)\.(\d+)$/;

/** `linux-6.12` -> 6012, for sorting; undefined for a name that is not a version. */
export function versionKey(name: string): number | undefined {
  const m = VERSION_NAME.exec(name);
  if (m === null) return undefined;
  return Number(m[1]) * 1000 + Number(m[2]);
}

/** `linux-6.12` -> `6.12`. */
export function versionLabel(name: string): string {
  return name.replace(/^linux-/, '');
}

export function byVersion(a: string, b: string): number {
  return (versionKey(a) ?? 0) - (versionKey(b) ?? 0);
}

/** The registered models of kernel versions, oldest first. */
export function versionModels(): readonly string[] {
  return listModels()
    .filter((m) => m.kind === 'registered' && versionKey(m.name) !== undefined)
    .map((m) => m.name)
    .sort(byVersion);
}

export interface TargetModel {
  readonly model: string;
  /** The model is the target's own version; otherwise it is the default, for comparison. */
  readonly own: boolean;
}

/** The model a kernel target's cells are held to. The host is held to `hostModel`. */
export function modelOfTarget(target: string, hostModel: string = DEFAULT_MODEL): TargetModel {
  if (target === 'host') return { model: hostModel, own: true };
  if (versionModels().includes(target)) return { model: target, own: true };
  return { model: DEFAULT_MODEL, own: false };
}

/** The kernel targets a command's `--kernel` options name, `all` being the host and every Debian one. */
export function kernelTargets(named: readonly string[]): string[] {
  const all = ['host', ...DEBIAN_KERNELS.map((k) => k.target)];
  return [...new Set(named.flatMap((n) => (n === 'all' ? all : [n])))];
}
