// A letter as the statement a trace makes: `mlock(a + 1P, 1P)`, `c = mmap(NULL, ...)`.

import { type Letter, addressText, regionName } from './letter.js';

/** `hints` names the region a NULL-hint mmap binds (null: leave the binding out). */
export function describeLetter(l: Letter, hints: number | null): string {
  if (l.call === 'fork') return 'fork {';
  if (l.call === 'exit') return '}';
  const args = l.args.map((a) => {
    switch (a.kind) {
      case 'int':
        return a.text;
      case 'at':
        return addressText(l.region ?? 0, a.page, a.byte);
      case 'target':
        return regionName(l.target ?? 0);
      case 'hint':
        return 'NULL';
      case 'fd':
        return 'f';
    }
  });
  const bind =
    hints !== null && l.args.some((a) => a.kind === 'hint') ? `${regionName(hints)} = ` : '';
  return `${bind}${l.call}(${args.join(', ')})`;
}
