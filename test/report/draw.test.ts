// mmspec draw: the address space after each statement, in the terminal within 100 columns and
// as SVG; the same picture from any engine, and text from a trace always escaped.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { renderAscii } from '../../src/report/asciiDrawing.js';
import { drawTrace } from '../../src/report/drawTrace.js';
import { drawingPage } from '../../src/report/drawingPage.js';
import { parse } from '../../src/trace/parser.js';
import { resolveProgram } from '../../src/trace/resolve.js';

async function drawn(source: string, file = 't.mmt') {
  const program = parse(source, file);
  const constants = resolveProgram(program);
  return drawTrace(program, engineOf(getModel('linux-6.18')), constants);
}

describe('mmspec draw', () => {
  it('draws MAP_FIXED over a locked mapping: the split, the lock bits, VmLck, within 100 columns', async () => {
    const file = 'spec/litmus/MAP_FIXED+locked.mmt';
    const d = await drawn(readFileSync(file, 'utf8'), file);
    const text = renderAscii(d);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(text).toContain('a |LLLL|');
    expect(text).toContain('a |L|..|L|');
    expect(text).toContain('0-1 rw-p lo  1-3 rw-p  3-4 rw-p lo');
    expect(text).toContain('VmLck 16 kB');
    expect(text).toContain('VmLck 8 kB');
  });

  it('draws a fork child without lock bits, and the parent as it was after the block', async () => {
    const d = await drawn(
      [
        'a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKED, -1, 0)',
        'fork {',
        '  munlock(a, 1P)',
        '}',
      ].join('\n'),
    );
    expect(d.steps.map((s) => [s.text, s.frame.depth])).toEqual([
      [expect.stringContaining('mmap'), 0],
      ['fork {', 1],
      ['munlock(a, 1P)', 1],
      ['}', 0],
    ]);
    const flags = (i: number) => d.steps[i]?.frame.space.regions[0]?.segments.map((s) => s.flags);
    expect(flags(1)?.[0]).not.toContain('lo');
    expect(flags(3)?.[0]).toContain('lo');
  });

  it('names a region after the name the trace binds, and shows holes', async () => {
    const d = await drawn(
      [
        'big = mmap(NULL, 3P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
        'munmap(big + 1P, 1P)',
      ].join('\n'),
    );
    expect(d.regions.map((r) => r.name)).toEqual(['big']);
    expect(renderAscii(d)).toContain('big |.|~|.|');
  });

  it('escapes what a trace says in the SVG page', async () => {
    const d = await drawn(
      'a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) # <script>alert(1)</script>',
      '<img src=x onerror=alert(1)>.mmt',
    );
    const page = drawingPage([d]);
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x');
  });
});

describe('a run on the def_flags statechart', () => {
  it('follows MCL_FUTURE then MCL_CURRENT back to none, and marks those on the diagram', async () => {
    const { defFlagsPath, markPath } = await import('../../src/report/machinePath.js');
    const d = await drawn(['mlockall(MCL_FUTURE)', 'mlockall(MCL_CURRENT)'].join('\n'));
    expect(defFlagsPath(d)).toEqual([
      ['none', 'future'],
      ['future', 'none'],
    ]);
    const svg = readFileSync('spec/machines/diagrams/defFlags.svg', 'utf8');
    const marked = markPath(svg, defFlagsPath(d));
    expect(marked).toContain(
      'class="edge visited">\n<title>defFlags.none&#45;&gt;defFlags.future<',
    );
    expect(marked).toContain(
      'class="edge visited">\n<title>defFlags.future&#45;&gt;defFlags.none<',
    );
    expect(marked).not.toContain('class="node visited">\n<title>defFlags.future_onfault<');
  });
});
