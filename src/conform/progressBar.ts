// A one-line progress bar on a terminal: the part, a bar, traces done of total, disagreements
// and traces/s, redrawn at most ten times a second and cleared at the end. Only for a TTY, so
// logs and pipes get the summary alone.

import type { Progress } from './conformContext.js';

export interface TtyWriter {
  write(text: string): unknown;
}

const WIDTH = 30;

export interface ProgressBar {
  readonly update: (p: Progress) => void;
  readonly clear: () => void;
}

export function progressBar(
  out: TtyWriter,
  now: () => number = () => performance.now(),
): ProgressBar {
  let last = 0;
  let partStart = now();
  let part = '';
  let drawn = false;
  return {
    update(p) {
      const t = now();
      if (p.part !== part) {
        part = p.part;
        partStart = t;
      } else if (t - last < 100 && p.done < p.total) return;
      last = t;
      const filled = p.total > 0 ? Math.min(WIDTH, Math.round((p.done / p.total) * WIDTH)) : 0;
      const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
      const seconds = (t - partStart) / 1000;
      const rate = seconds > 0 ? (p.done / seconds).toFixed(0) : '-';
      out.write(
        `\r\x1b[K${p.part} [${bar}] ${p.done}/${p.total} traces, ${p.disagreed} disagreed, ${rate}/s`,
      );
      drawn = true;
    },
    clear() {
      if (drawn) out.write('\r\x1b[K');
      drawn = false;
    },
  };
}
