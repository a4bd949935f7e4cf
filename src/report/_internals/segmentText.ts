// The words a drawing puts on a VMA: its protection as `rwxs`, then the VmFlags that matter to
// locking and population (the lock bits first). Everything else smaps prints is left out.

const NOTABLE = ['lo', 'lf', 'gd', 'io', 'pf', 'de', 'ht', 'dp', 'dc', 'gu'];

export function protectionText(flags: readonly string[]): string {
  const has = (m: string) => flags.includes(m);
  return `${has('rd') ? 'r' : '-'}${has('wr') ? 'w' : '-'}${has('ex') ? 'x' : '-'}${has('sh') ? 's' : 'p'}`;
}

export function notableFlags(flags: readonly string[]): string[] {
  return NOTABLE.filter((m) => flags.includes(m));
}

export function segmentLabel(flags: readonly string[] | null): string {
  if (flags === null) return 'no VMA';
  return [protectionText(flags), ...notableFlags(flags)].join(' ');
}
