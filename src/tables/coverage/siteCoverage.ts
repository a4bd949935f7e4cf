// Which error branches of the model a run went through, from V8's precise block coverage
// (node:inspector): the innermost block holding a site ran at least once. Counters are reset
// after each run, so each run's branches are its own.

import { Session } from 'node:inspector/promises';
import type { ErrorSite } from './errorSites.js';

interface Range {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly count: number;
}
interface ScriptCoverage {
  readonly url: string;
  readonly functions: readonly { readonly ranges: readonly Range[] }[];
}

export class SiteCoverage {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }

  /** The sites that ran since the last call (or start), and resets the counters. */
  async take(sites: readonly ErrorSite[]): Promise<Set<string>> {
    const { result } = (await this.session.post('Profiler.takePreciseCoverage')) as {
      result: readonly ScriptCoverage[];
    };
    const byUrl = new Map(result.map((s) => [s.url, s.functions.flatMap((f) => f.ranges)]));
    const hit = new Set<string>();
    for (const site of sites) {
      const ranges = byUrl.get(site.url);
      if (ranges === undefined) continue;
      let inner: Range | undefined;
      for (const r of ranges)
        if (r.startOffset <= site.offset && site.offset < r.endOffset)
          if (inner === undefined || r.endOffset - r.startOffset < inner.endOffset - inner.startOffset)
            inner = r;
      if (inner !== undefined && inner.count > 0) hit.add(site.id);
    }
    return hit;
  }

  async stop(): Promise<void> {
    await this.session.post('Profiler.stopPreciseCoverage');
    await this.session.post('Profiler.disable');
    this.session.disconnect();
  }
}
