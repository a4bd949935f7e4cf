// Random traces aimed at the safety budget, as an attacker of the executor would write them:
// large populated and locked mappings, MAP_GROWSDOWN mappings grown by writes far below them,
// mlockall with MCL_CURRENT and MCL_FUTURE, copy-on-write in nested fork blocks (sometimes
// nested past the cap), sizes that depend on addresses (charged only at run time). Most are
// refused; the rest run, and must leave nothing behind.

import fc from 'fast-check';

const SIZES = [1, 4, 16, 256, 1024, 2048, 4096, 8192, 16384] as const; // pages
const MAP_FLAGS = [
  'MAP_PRIVATE|MAP_ANONYMOUS',
  'MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE',
  'MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED',
  'MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED|MAP_POPULATE',
  'MAP_SHARED|MAP_ANONYMOUS|MAP_POPULATE',
  'MAP_PRIVATE|MAP_ANONYMOUS|MAP_GROWSDOWN',
] as const;
const MLOCKALL = ['MCL_CURRENT', 'MCL_CURRENT|MCL_FUTURE', 'MCL_FUTURE', 'MCL_FUTURE|MCL_ONFAULT'];

interface Region {
  readonly name: string;
  readonly pages: number;
  readonly growsDown: boolean;
}

/** Draws from a fixed list of numbers, round and round: the trace is a function of them. */
class Choices {
  private at = 0;
  constructor(private readonly values: readonly number[]) {}
  next(n: number): number {
    const v = this.values[this.at++ % this.values.length] ?? 0;
    return v % n;
  }
  pick<T>(list: readonly T[]): T {
    const v = list[this.next(list.length)];
    if (v === undefined) throw new Error('Choices.pick: empty list');
    return v;
  }
}

class Writer {
  readonly lines: string[] = [];
  private regionCount = 0;
  constructor(private readonly c: Choices) {}

  block(depth: number, regions: Region[], statements: number): void {
    const indent = '  '.repeat(depth);
    const scope = [...regions];
    for (let i = 0; i < statements; i++) {
      const line = this.statement(depth, scope);
      if (line !== undefined) this.lines.push(`${indent}${line}`);
    }
  }

  private statement(depth: number, scope: Region[]): string | undefined {
    const c = this.c;
    const r = scope.length > 0 ? c.pick(scope) : undefined;
    switch (r === undefined ? 0 : c.next(12)) {
      case 0:
      case 1: {
        const flags = c.pick(MAP_FLAGS);
        const region = {
          name: `r${this.regionCount++}`,
          pages: c.pick(SIZES),
          growsDown: flags.includes('GROWSDOWN'),
        };
        scope.push(region);
        return `${region.name} = mmap(NULL, ${region.pages}P, PROT_READ|PROT_WRITE, ${flags}, -1, 0)`;
      }
      case 2:
        return r && `madvise(${r.name}, ${r.pages}P, MADV_POPULATE_WRITE)`;
      case 3:
        return r && `mlock(${r.name}, ${r.pages}P)`;
      case 4:
        return `mlockall(${c.pick(MLOCKALL)})`;
      case 5:
        // Below a MAP_GROWSDOWN mapping the write grows it (up to RLIMIT_STACK); elsewhere it
        // faults a page in, or gets SIGSEGV.
        return r && `write(${r.name} - ${1 + c.next(2100)}P)`;
      case 6:
        return r && `write(${r.name} + ${c.next(r.pages)}P)`;
      case 7:
        return c.next(3) === 0 ? 'munlockall()' : r && `munmap(${r.name}, ${r.pages}P)`;
      case 8: {
        if (depth >= 9) return undefined;
        this.lines.push(`${'  '.repeat(depth)}fork {`);
        this.block(depth + 1, scope, 1 + c.next(4));
        return '}';
      }
      case 9: {
        // A size known only at run time: the distance between two regions (1 GiB apart).
        const other = c.pick(scope);
        if (r === undefined || other === r) return undefined;
        const name = `r${this.regionCount++}`;
        scope.push({ name, pages: 0, growsDown: false });
        return `${name} = mmap(NULL, ${other.name} - ${r.name}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE, -1, 0)`;
      }
      case 10:
        return r && `mremap(${r.name}, ${r.pages}P, ${r.pages * 2}P, MREMAP_MAYMOVE)`;
      default:
        return r && `check VmLck >= 0`;
    }
  }
}

/** One trace's text from a list of random numbers. */
export function budgetTraceText(values: readonly number[]): string {
  const c = new Choices(values.length > 0 ? values : [0]);
  const w = new Writer(c);
  w.block(0, [], 2 + c.next(10));
  return `${w.lines.join('\n')}\n`;
}

/** The numbers of trace number `index` of a run seeded with `seed`, reproducibly. */
export function budgetTraceValues(seed: number, count: number): number[][] {
  return fc.sample(fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), {
    seed,
    numRuns: count,
  });
}
