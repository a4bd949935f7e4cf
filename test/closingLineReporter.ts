// Ends every test run with the line CI reads: `N passed, N failed` (skipped tests after it).
// It runs in onFinished, after the default reporter's summary, so it is the last line printed.
import type { Reporter } from 'vitest/reporters';
import type { RunnerTask, RunnerTestFile } from 'vitest';

function count(task: RunnerTask, totals: { passed: number; failed: number; skipped: number }) {
  if (task.type === 'test') {
    const state = task.result?.state;
    if (state === 'pass') totals.passed++;
    else if (state === 'fail') totals.failed++;
    else totals.skipped++;
    return;
  }
  for (const child of task.tasks) count(child, totals);
}

export default class ClosingLineReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    for (const file of files) {
      count(file, totals);
      // A file that fails to load has no tests, but must not pass silently.
      if (file.result?.state === 'fail' && file.tasks.length === 0) totals.failed++;
    }
    totals.failed += errors.length;
    const tail = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
    process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed${tail}\n`);
  }
}
