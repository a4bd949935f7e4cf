// Builds a system from a SystemRef, as each worker thread must (functions cannot cross threads).

import { pathToFileURL } from 'node:url';
import type { SystemArg, SystemRef, TransitionSystem } from '../transitionSystem.js';

type Factory = (
  ...args: readonly SystemArg[]
) => TransitionSystem<unknown, unknown> | Promise<TransitionSystem<unknown, unknown>>;

export async function loadSystem(ref: SystemRef): Promise<TransitionSystem<unknown, unknown>> {
  const url = ref.module.startsWith('file:') ? ref.module : pathToFileURL(ref.module).href;
  const loaded: unknown = await import(url);
  const factory: unknown =
    typeof loaded === 'object' && loaded !== null
      ? (loaded as Record<string, unknown>)[ref.factory]
      : undefined;
  if (typeof factory !== 'function') {
    throw new TypeError(
      `loadSystem: ${ref.module} exports no function '${ref.factory}'; systemRef.factory must name the exported factory`,
    );
  }
  return await (factory as Factory)(...ref.args);
}
