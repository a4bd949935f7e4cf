// An Engine that draws as it runs: it passes every call to the engine it wraps, follows the
// regions the calls create (mmap, mremap to a new place, existing mappings), and after each call
// and each fork boundary reads the address space (addressSpace.ts). Checks are passed through
// undrawn: looking changes nothing.

import type { ConcreteCall, ConcreteObservable, Engine, Session, Setup } from '../uapi/engine.js';
import type { CallResult, Observed } from '../uapi/outcome.js';
import { PAGE_SIZE } from '../uapi/constants.js';
import { type AddressSpace, type RegionExtent, observeAddressSpace } from './addressSpace.js';

const PAGE = BigInt(PAGE_SIZE);

/** A picture after one call or fork boundary, in the order the runner made them. */
export interface Frame {
  readonly event: 'call' | 'fork' | 'exit';
  readonly call?: ConcreteCall;
  readonly result?: CallResult;
  /** 0 in the trace's process, 1 in a fork child, ... */
  readonly depth: number;
  readonly space: AddressSpace;
}

export interface DrawingEngine extends Engine {
  /** The frames of the last run, and the regions in the order they appeared. */
  readonly frames: readonly Frame[];
  readonly regions: readonly RegionExtent[];
}

export function drawingEngine(inner: Engine): DrawingEngine {
  const frames: Frame[] = [];
  const regions: RegionExtent[] = [];
  return {
    name: inner.name,
    frames,
    regions,
    async start(setup: Setup): Promise<Session> {
      frames.length = 0;
      regions.length = 0;
      return new DrawingSession(await inner.start(setup), frames, regions);
    },
    close: () => inner.close?.() ?? Promise.resolve(),
  };
}

class DrawingSession implements Session {
  private depth = 0;

  constructor(
    private readonly inner: Session,
    private readonly frames: Frame[],
    private readonly regions: RegionExtent[],
  ) {}

  get restPages(): number {
    return this.inner.restPages;
  }

  async call(call: ConcreteCall): Promise<CallResult> {
    const result = await this.inner.call(call);
    await this.follow(call, result);
    await this.draw('call', call, result);
    return result;
  }

  observe(what: ConcreteObservable): Promise<Observed> {
    return this.inner.observe(what);
  }

  async forkEnter(): Promise<void> {
    await this.inner.forkEnter();
    this.depth += 1;
    await this.draw('fork');
  }

  async forkExit(): Promise<number> {
    const status = await this.inner.forkExit();
    this.depth -= 1;
    await this.draw('exit');
    return status;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async draw(event: Frame['event'], call?: ConcreteCall, result?: CallResult) {
    const space = await observeAddressSpace(this.inner, this.regions);
    this.frames.push({
      event,
      depth: this.depth,
      space,
      ...(call === undefined ? {} : { call }),
      ...(result === undefined ? {} : { result }),
    });
  }

  /** A region for each place a call maps: what the trace names, so what the drawing shows. */
  private async follow(call: ConcreteCall, result: CallResult) {
    if (result.kind !== 'value') return;
    const [, a1 = 0n, a2 = 0n] = call.args;
    if (call.call === 'mmap') this.add(result.value, a1);
    else if (call.call === 'mremap') this.add(result.value, a2);
    else if (call.call === 'existing') {
      const vma = await this.inner.observe({ kind: 'vma', addr: result.value }).catch(() => null);
      if (vma?.kind === 'vma' && vma.extent !== null)
        this.add(vma.extent.start, vma.extent.end - vma.extent.start);
    }
  }

  private add(start: bigint, len: bigint) {
    const pages = Number((len + PAGE - 1n) / PAGE);
    const known = this.regions.findIndex((r) => r.start === start);
    if (known < 0) this.regions.push({ start, pages });
    else {
      const r = this.regions[known];
      if (r !== undefined && r.pages < pages) this.regions[known] = { start, pages };
    }
  }
}
