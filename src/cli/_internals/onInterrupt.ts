// SIGINT and SIGTERM while a real-kernel run is under way: the first one aborts the run, which
// stops at the statement it was at and reports what ran; a second one exits at once (the
// executors die with this process, executorProcess.ts).

import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type Name = (typeof SIGNALS)[number];

export interface Interrupt {
  readonly signal: AbortSignal;
  /** The number of the signal that came, if one did. */
  signo(): number | undefined;
  /** Gives the signals back to their default action. */
  dispose(): void;
}

export function onInterrupt(): Interrupt {
  const controller = new AbortController();
  let got: Name | undefined;
  const handler = (name: Name) => {
    if (got !== undefined) process.exit(128 + constants.signals[name]);
    got = name;
    controller.abort(name);
  };
  const handlers = SIGNALS.map((name) => [name, () => handler(name)] as const);
  for (const [name, h] of handlers) process.on(name, h);
  return {
    signal: controller.signal,
    signo: () => (got === undefined ? undefined : constants.signals[got]),
    dispose: () => {
      for (const [name, h] of handlers) process.off(name, h);
    },
  };
}
