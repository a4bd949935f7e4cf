// The man-page drift report in the report: every paraphrased statement of spec/manpages held to
// the models (and the kernels the report ran), as `mmspec manpages` prints it.

import { join } from 'node:path';
import type { KernelModel } from '../../kernel/model.js';
import { engineOf } from '../../kernel/modelEngine.js';
import { driftReport } from '../../tables/manpages/driftReport.js';
import { loadClaims } from '../../tables/manpages/manClaim.js';
import { renderDriftReport } from '../../tables/manpages/renderDriftReport.js';
import type { Engine } from '../../uapi/engine.js';
import { html } from '../_internals/html.js';
import { page } from './layout.js';

export async function manpagesPage(
  root: string,
  model: KernelModel,
  kernels: readonly Engine[],
): Promise<string> {
  const claims = await loadClaims(join(root, 'spec/manpages'));
  const modelEngine = engineOf(model);
  const report = await driftReport(claims, [modelEngine, ...kernels], modelEngine);
  return page('Man pages', [
    html`<p>
      Every checkable statement of mlock.2, mmap.2, madvise.2 and mremap.2, paraphrased in
      spec/manpages and run as a trace on each engine. Regenerate with: mmspec manpages
    </p>`,
    html`<pre>${renderDriftReport(report)}</pre>`,
  ]);
}
