// `npm run facts`: records the flag flow of the registered and planted models
// (recordFlagFlow) into src/review/_internals/flagFlowFacts.ts, which the script then formats
// with prettier. Run it after changing a model's overrides or src/kernel/linuxDecisions.ts;
// test/review/recordedFlagFlow.test.ts fails until then.

import { writeFileSync } from 'node:fs';
import { packageFile } from '../package/packageRoot.js';
import { recordFlagFlow } from './recordedFlagFlow.js';
import { flagFlowFactsText } from './_internals/flagFlowFactsText.js';

writeFileSync(
  packageFile('src', 'review', '_internals', 'flagFlowFacts.ts'),
  flagFlowFactsText(recordFlagFlow()),
);
