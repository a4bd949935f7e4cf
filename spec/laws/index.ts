// Every law of spec/laws, by name, for mmspec review (src/review/checkLaws.ts).
import type { Law } from './law.js';
import { lockOnFaultPopulatesNothing } from './lockOnFaultPopulatesNothing.js';
import { mlock2FlagsCommute } from './mlock2FlagsCommute.js';
import { mlockIdempotent } from './mlockIdempotent.js';
import { mlockallCommutes } from './mlockallCommutes.js';
import { munlockIdempotent } from './munlockIdempotent.js';
import { munlockallUndoesMlockall } from './munlockallUndoesMlockall.js';

export type { FlagName, Law, LawArg, LawCall, LawCompare, LawRegion } from './law.js';
export { kernelCallOf } from './law.js';

export const LAWS: readonly Law[] = [
  mlockIdempotent,
  munlockIdempotent,
  mlockallCommutes,
  mlock2FlagsCommute,
  munlockallUndoesMlockall,
  lockOnFaultPopulatesNothing,
];
