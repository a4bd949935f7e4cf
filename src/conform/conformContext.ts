// What every part of a conform run shares: the two engines, the names the candidate model adds
// to the uapi vocabulary, how many traces may run at once, and where progress goes.

import type { UapiConstant } from '../uapi/uapiConstants.js';
import type { EnginePair } from './differential.js';
import type { Part } from './conformReport.js';

export interface Progress {
  readonly part: Part;
  readonly done: number;
  readonly total: number;
  readonly disagreed: number;
}

export interface ConformContext {
  readonly engines: EnginePair;
  readonly constants: readonly UapiConstant[];
  /** Traces in flight at once (the kernel runs each in its own executor). */
  readonly jobs: number;
  readonly onProgress?: (progress: Progress) => void;
  /** Stops a part between traces; what ran so far is still reported. */
  readonly signal?: AbortSignal;
}
