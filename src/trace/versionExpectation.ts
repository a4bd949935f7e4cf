// Which expectation a statement states on the engine that ran it: a statement's `on VERSION`
// clause when one names the engine's version (a model name, or a kernel target such as
// linux-6.12 booted under qemu), else the statement's own. The host kernel is named `host`.

import type { CallStmt, CheckSpec, CheckStmt, Expectation } from './ast.js';

const MODEL_VERSION = /^(linux-\d+(?:\.\d+)+)$/;
/** A guest's engine name carries its target: `kernel 6.12.117 (linux-6.12: Debian ...)`. */
const GUEST_VERSION = /\((linux-\d+(?:\.\d+)+)[:)]/;

/**
 * The version an engine stands for: a model's name, a guest's target, `host` for this
 * machine's kernel, or the engine's name itself (a proposal, a planted model).
 */
export function versionOfEngine(engine: string): string {
  const model = MODEL_VERSION.exec(engine)?.[1];
  if (model !== undefined) return model;
  const guest = GUEST_VERSION.exec(engine)?.[1];
  if (guest !== undefined) return guest;
  return engine.startsWith('kernel ') ? 'host' : engine;
}

/** The call's expected result on `version` (the first `on` clause naming it wins). */
export function expectationOn(stmt: CallStmt, version?: string): Expectation | undefined {
  const clause = stmt.versions?.find((v) => version !== undefined && v.versions.includes(version));
  return clause?.expect ?? stmt.expect;
}

/** The check's comparison on `version` (the first `on` clause naming it wins). */
export function checkSpecOn(stmt: CheckStmt, version?: string): CheckSpec {
  const clause = stmt.versions?.find((v) => version !== undefined && v.versions.includes(version));
  return clause?.spec ?? stmt.spec;
}
