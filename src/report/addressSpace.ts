// What a drawing shows after a statement: the trace's regions with the VMAs in them (extent,
// VmFlags) and a letter a page, the locked memory and, where the engine can read it without
// changing the run, the lock bits of def_flags. Read through the Engine's observables, so the
// same picture is drawn for a model and for a real kernel.

import type { ConcreteObservable, Session } from '../uapi/engine.js';
import { UnavailableObservableError } from '../uapi/engine.js';
import { PAGE_SIZE } from '../uapi/constants.js';

const PAGE = BigInt(PAGE_SIZE);
/** The most pages a region is drawn with; the rest is summarised. */
export const DRAWN_PAGES = 64;

/** A piece of a region: a VMA (its flags) or a hole, in pages from the region's start. */
export interface Segment {
  readonly first: number;
  readonly end: number;
  /** VmFlags mnemonics; null for a hole. */
  readonly flags: readonly string[] | null;
}

export interface RegionPicture {
  readonly start: bigint;
  readonly pages: number;
  readonly segments: readonly Segment[];
  /** One letter a page (`.`, `z`, `p`, `L`; `?` where the kernel allows p or L); null when unreadable. */
  readonly letters: string | null;
}

export interface AddressSpace {
  readonly regions: readonly RegionPicture[];
  /** Locked memory over the trace's regions, in bytes; null when unreadable. */
  readonly lockedBytes: bigint | null;
  /** The def_flags lock mnemonics; null where they cannot be read without side effects. */
  readonly defFlags: readonly string[] | null;
}

export interface RegionExtent {
  readonly start: bigint;
  readonly pages: number;
}

/** Reads the picture of `regions` off a session, never changing what the session does next. */
export async function observeAddressSpace(
  session: Session,
  regions: readonly RegionExtent[],
): Promise<AddressSpace> {
  const pictures: RegionPicture[] = [];
  for (const r of regions) pictures.push(await regionPicture(session, r));
  const vmLck = await readOrNull(session, { kind: 'VmLck' });
  const def = session.peek === undefined ? null : await session.peek({ kind: 'def_flags' });
  return {
    regions: pictures,
    lockedBytes: vmLck?.kind === 'VmLck' ? vmLck.bytes : null,
    defFlags: def?.kind === 'def_flags' ? def.mnemonics : null,
  };
}

async function regionPicture(session: Session, r: RegionExtent): Promise<RegionPicture> {
  const pages = Math.min(r.pages, DRAWN_PAGES);
  const segments: Segment[] = [];
  let page = 0;
  while (page < pages) {
    const at = r.start + BigInt(page) * PAGE;
    const vma = await readOrNull(session, { kind: 'vma', addr: at });
    const extent = vma?.kind === 'vma' ? vma.extent : null;
    if (extent === null) {
      const last = segments.at(-1);
      if (last !== undefined && last.flags === null)
        segments[segments.length - 1] = { ...last, end: page + 1 };
      else segments.push({ first: page, end: page + 1, flags: null });
      page += 1;
      continue;
    }
    const flags = await readOrNull(session, { kind: 'vmflags', addr: at });
    const end = Math.min(pages, Number((extent.end - r.start) / PAGE));
    segments.push({
      first: page,
      end,
      flags: flags?.kind === 'vmflags' ? (flags.mnemonics ?? []) : [],
    });
    page = Math.max(end, page + 1);
  }
  const seen = await readOrNull(session, {
    kind: 'pages',
    addr: r.start,
    len: BigInt(pages) * PAGE,
  });
  return {
    start: r.start,
    pages: r.pages,
    segments,
    letters: seen?.kind === 'pages' ? seen.letters.replaceAll('[pL]', '?') : null,
  };
}

async function readOrNull(session: Session, what: ConcreteObservable) {
  try {
    return await session.observe(what);
  } catch (error) {
    if (error instanceof UnavailableObservableError) return null;
    throw error;
  }
}
