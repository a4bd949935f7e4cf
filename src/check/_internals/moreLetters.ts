// The letters a bound names outright (KernelBound.moreLetters): values no family's domain has,
// such as the arguments mmap and mprotect must refuse. A letter naming a region is a template:
// every region gets its copy, as every region gets the families' letters (symmetry.ts).

import type { KernelBound } from '../kernelBound.js';
import type { Letter } from '../letter.js';

/** The bound's own letters, the global ones first, then each template once per region. */
export function moreLetters(b: KernelBound): Letter[] {
  const named = b.moreLetters ?? [];
  const letters = named.filter((l) => l.region === undefined);
  for (let k = 0; k < b.regions; k++)
    for (const l of named) if (l.region !== undefined) letters.push({ ...l, region: k });
  return letters;
}
