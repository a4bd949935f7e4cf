// The advice values of madvise: every MADV_ name of the vocabulary (include/uapi/asm-generic/
// mman-common.h; madvise.2 lists the same). Which of them a kernel accepts is its own choice
// (the models' madviseBehaviorValid): a release predates some, a configuration lacks others.

import { UAPI_CONSTANTS } from './uapiConstants.js';

export const MADV_ADVICE: ReadonlySet<number> = new Set(
  UAPI_CONSTANTS.filter((c) => c.name.startsWith('MADV_')).map((c) => Number(c.value)),
);
