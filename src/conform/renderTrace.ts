// A ConformTrace as .mmt text and as a parsed Program. Every trace starts from the same prefix
// (a file `f` and two regions: `a`, private anonymous, and `b`, shared over `f` with its last
// page past EOF) so that even one step meets state worth testing, and ends by observing every
// region page by page, so a difference in state is seen and not only a difference in results.

import type { Program } from '../trace/ast.js';
import { parse } from '../trace/parser.js';
import { setupDirectives } from '../trace/setupDirectives.js';
import type { ConformTrace, Op, Place } from './op.js';

/** The prefix every generated trace starts with: `f` is 3 pages, `b` maps 4 of them. */
export const PREFIX = [
  'f = tmpfile(3P)',
  'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
  'b = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_SHARED, f, 0)',
] as const;

// `f` is the file; new regions take the other letters, then numbered names.
const NEW_NAMES = 'cdeghijkmnpqrstuvwxyz';

interface Region {
  readonly name: string;
  /** Pages to observe: the mapping, or further if a MAP_FIXED reached past it. */
  pages: number;
}

function placeText(regions: readonly Region[], at: Place): string {
  const region = regionAt(regions, at.region);
  const byte = at.byte !== undefined && at.byte !== 0 ? ` + ${at.byte}` : '';
  return at.page === 0 && byte === '' ? region.name : `${region.name} + ${at.page}P${byte}`;
}

function regionAt(regions: readonly Region[], index: number): Region {
  const region = regions[index % regions.length];
  if (region === undefined) throw new Error(`renderTrace: no region ${index}`);
  return region;
}

function newName(k: number): string {
  return NEW_NAMES.charAt(k) || `r${k}`;
}

/** The statement for one op; may bind a new region or widen what is observed. */
function opLine(op: Op, regions: Region[]): string {
  switch (op.kind) {
    case 'mmap': {
      const fd = op.file ? 'f' : '-1';
      if (op.fixed === undefined) {
        const name = newName(regions.length - 2);
        regions.push({ name, pages: op.pages });
        return `${name} = mmap(NULL, ${op.pages}P, ${op.prot}, ${op.flags}, ${fd}, 0)`;
      }
      const target = regionAt(regions, op.fixed.region);
      target.pages = Math.max(target.pages, op.fixed.page + op.pages);
      const where = placeText(regions, op.fixed);
      return `mmap(${where}, ${op.pages}P, ${op.prot}, ${op.flags}|MAP_FIXED, ${fd}, 0)`;
    }
    case 'range': {
      const extra = op.arg === undefined ? '' : `, ${op.arg}`;
      return `${op.call}(${placeText(regions, op.at)}, ${op.pages}P${extra})`;
    }
    case 'mlockall':
      return `mlockall(${op.flags})`;
    case 'munlockall':
      return 'munlockall()';
    case 'access':
      return op.call === 'write'
        ? `write(${placeText(regions, op.at)}, 7)`
        : `read(${placeText(regions, op.at)})`;
    case 'mremap': {
      const to = op.to === undefined ? '' : `, ${placeText(regions, op.to)}`;
      const where = placeText(regions, op.at);
      return `mremap(${where}, ${op.oldPages}P, ${op.newPages}P, ${op.flags}${to})`;
    }
    case 'fork': {
      // The child binds nothing the parent could see: its mmaps are all MAP_FIXED ones.
      const inner = op.ops.filter(
        (o) => o.kind !== 'fork' && !(o.kind === 'mmap' && o.fixed === undefined),
      );
      const body = inner.map((o) => `  ${opLine(o, regions)}`);
      const checks = regions.flatMap(regionChecks).map((l) => `  ${l}`);
      return ['fork {', ...body, ...checks, '  check VmLck >= 0', '}'].join('\n');
    }
  }
}

/**
 * Observes a region page by page. The specs are placeholders: conform compares what the two
 * engines observed, not what a check expects (a reproducer gets the kernel's values instead).
 */
function regionChecks(region: Region): string[] {
  const { name, pages } = region;
  const lines = [`check pages(${name}, ${pages}P) = "${'?'.repeat(pages)}"`];
  for (let k = 0; k < pages; k++) {
    const at = k === 0 ? name : `${name} + ${k}P`;
    lines.push(`check vmflags(${at}) lacks lo`, `check vma(${at}) != none`);
  }
  return lines;
}

export interface RenderedTrace {
  readonly text: string;
  readonly program: Program;
  /** The directive lines and the step lines alone (no prefix, no checks), for subsumption. */
  readonly directives: readonly string[];
  readonly steps: readonly string[];
}

export function renderTrace(trace: ConformTrace, file = '<conform>'): RenderedTrace {
  const directives = setupDirectives(trace.setup);
  const regions: Region[] = [
    { name: 'a', pages: 4 },
    { name: 'b', pages: 4 },
  ];
  const steps = trace.ops.map((op) => opLine(op, regions));
  const checks = regions.flatMap(regionChecks);
  const body = [...PREFIX, ...steps, ...checks, 'check VmLck >= 0', 'check def_flags lacks lo'];
  const lines = directives.length > 0 ? [...directives, '', ...body] : body;
  const text = lines.map((l) => `${l}\n`).join('');
  return { text, program: parse(text, file), directives, steps };
}
