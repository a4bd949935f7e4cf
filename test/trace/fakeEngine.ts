// A tiny in-memory Engine for tests of the trace machinery: just enough of mmap, mlock and
// page presence to give checks something to read. It is not a model of the kernel.

import type {
  ConcreteCall,
  ConcreteObservable,
  Engine,
  Session,
  Setup,
} from '../../src/uapi/engine.js';
import type { CallResult, Observed } from '../../src/uapi/outcome.js';

const PAGE = 4096n;

interface Region {
  start: bigint;
  end: bigint;
  locked: boolean;
  present: Set<bigint>;
  bytes: Map<bigint, bigint>;
}

export interface FakeLog {
  readonly setups: Setup[];
  readonly calls: ConcreteCall[];
  readonly observed: ConcreteObservable[];
  events: string[];
  closed: number;
}

export interface FakeOptions {
  readonly name?: string;
  /** Overrides the result of a call (return undefined to fall through). */
  readonly onCall?: (call: ConcreteCall, index: number) => CallResult | undefined;
  /** Overrides an observation. */
  readonly onObserve?: (what: ConcreteObservable) => Observed | undefined;
  readonly restPages?: number;
  readonly childExit?: number;
  readonly throwAtCall?: number;
}

const ok = (value: bigint): CallResult => ({ kind: 'value', value });
const fail = (errno: 'EINVAL' | 'ENOMEM'): CallResult => ({ kind: 'errno', errno });

function cloneRegions(regions: readonly Region[]): Region[] {
  return regions.map((r) => ({ ...r, present: new Set(r.present), bytes: new Map(r.bytes) }));
}

export function fakeEngine(options: FakeOptions = {}): Engine & { log: FakeLog } {
  const log: FakeLog = { setups: [], calls: [], observed: [], events: [], closed: 0 };
  return {
    name: options.name ?? 'fake',
    log,
    start(setup: Setup): Promise<Session> {
      log.setups.push(setup);
      return Promise.resolve(fakeSession(options, log, setup));
    },
  };
}

function fakeSession(options: FakeOptions, log: FakeLog, setup: Setup): Session {
  let regions: Region[] = [];
  const saved: Region[][] = [];
  let nextFd = 3n;
  const find = (addr: bigint) => regions.find((r) => r.start <= addr && addr < r.end);
  const apply = (call: ConcreteCall): CallResult => {
    const [a = 0n, b = 0n, , d = 0n] = call.args;
    switch (call.call) {
      case 'mmap': {
        if (b === 0n) return fail('EINVAL');
        const end = a + ((b + PAGE - 1n) / PAGE) * PAGE;
        regions = regions.filter((r) => r.end <= a || r.start >= end);
        regions.push({
          start: a,
          end,
          locked: (d & 0x2000n) !== 0n,
          present: new Set(),
          bytes: new Map(),
        });
        return ok(a);
      }
      case 'munmap':
        regions = regions.filter((r) => r.start !== a);
        return ok(0n);
      case 'mlock':
      case 'mlock2': {
        const r = find(a);
        if (r === undefined) return fail('ENOMEM');
        r.locked = true;
        if (call.call === 'mlock') for (let p = r.start; p < r.end; p += PAGE) r.present.add(p);
        return ok(0n);
      }
      case 'munlock': {
        const r = find(a);
        if (r !== undefined) r.locked = false;
        return ok(0n);
      }
      case 'mlockall':
        return a === 0n || a > 7n ? fail('EINVAL') : ok(0n);
      case 'write':
      case 'read': {
        const r = find(a);
        if (r === undefined) return { kind: 'signal', signal: 'SIGSEGV' };
        const page = a - (a % PAGE);
        r.present.add(page);
        if (call.call === 'write') r.bytes.set(a, call.args[1] ?? 1n);
        return ok(call.call === 'read' ? (r.bytes.get(a) ?? 0n) : 0n);
      }
      case 'tmpfile':
      case 'memfd_secret':
        return ok(nextFd++);
      case 'existing':
        return ok(0x7fff_0000_0000n);
      default:
        return ok(0n);
    }
  };
  return {
    restPages: options.restPages ?? setup.restPages ?? 100,
    call(call) {
      const index = log.calls.length;
      log.calls.push(call);
      log.events.push(call.call);
      if (options.throwAtCall === index)
        return Promise.reject(new Error('fake: cannot do that here'));
      return Promise.resolve(options.onCall?.(call, index) ?? apply(call));
    },
    observe(what) {
      log.observed.push(what);
      return Promise.resolve(options.onObserve?.(what) ?? observe(what, regions));
    },
    forkEnter() {
      log.events.push('forkEnter');
      saved.push(regions);
      regions = cloneRegions(regions);
      return Promise.resolve();
    },
    forkExit() {
      log.events.push('forkExit');
      regions = saved.pop() ?? regions;
      return Promise.resolve(options.childExit ?? 0);
    },
    close() {
      log.closed++;
      return Promise.resolve();
    },
  };
}

function observe(what: ConcreteObservable, regions: readonly Region[]): Observed {
  const find = (addr: bigint) => regions.find((r) => r.start <= addr && addr < r.end);
  switch (what.kind) {
    case 'pages': {
      let letters = '';
      for (let p = what.addr; p < what.addr + what.len; p += PAGE) {
        const r = find(p);
        const present = r?.present.has(p) ?? false;
        letters += !present ? '.' : r?.locked === true ? 'L' : 'p';
      }
      return { kind: 'pages', letters };
    }
    case 'vmflags': {
      const r = find(what.addr);
      return {
        kind: 'vmflags',
        mnemonics:
          r === undefined
            ? null
            : ['rd', 'wr', 'mr', 'mw', 'me', 'ac', ...(r.locked ? ['lo'] : [])],
      };
    }
    case 'vma': {
      const r = find(what.addr);
      return { kind: 'vma', extent: r === undefined ? null : { start: r.start, end: r.end } };
    }
    case 'vmas':
      return {
        kind: 'vmas',
        count: regions.filter((r) => r.start < what.addr + what.len && r.end > what.addr).length,
      };
    case 'VmLck':
      return {
        kind: 'VmLck',
        bytes: regions.filter((r) => r.locked).reduce((n, r) => n + r.end - r.start, 0n),
      };
    case 'AnonHugePages':
      return { kind: 'AnonHugePages', bytes: 0n };
    case 'VmData':
      // Every fake region is private and writable (its vmflags say rd wr).
      return { kind: 'VmData', bytes: regions.reduce((n, r) => n + r.end - r.start, 0n) };
    case 'def_flags':
      return { kind: 'def_flags', mnemonics: [] };
    case 'Mlocked':
    case 'Unevictable':
      return { kind: what.kind, bytes: 0n };
    case 'page':
      return { kind: 'page', flags: find(what.addr)?.present.has(what.addr) ? ['present'] : [] };
  }
}
