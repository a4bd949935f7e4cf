// Invariants the explorer checks beyond INVARIANTS (index.ts): two stated strictly, which the
// 6.18 lazy mlock batch is known to break (proofs/claims.ts records the expected failures and
// their shortest traces), and one about refused calls. Kept out of INVARIANTS so the
// statechart bridge's claims over that list are unchanged.

import { failedCallChangesNothing } from './failedCallChangesNothing.js';
import { lockedVmaPageMlocked } from './lockedVmaPageMlocked.js';
import { mlockedPageHasLockedVmaStrict } from './mlockedPageHasLockedVmaStrict.js';
import type { SpecInvariant } from './specInvariant.js';

export const STRICT_INVARIANTS: readonly SpecInvariant[] = [
  mlockedPageHasLockedVmaStrict,
  lockedVmaPageMlocked,
  failedCallChangesNothing,
];
