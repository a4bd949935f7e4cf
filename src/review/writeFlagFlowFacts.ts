// `npm run facts`: records the flag flow of the registered and planted models
// (recordFlagFlow) into src/review/_internals/flagFlowFacts.json, which the script then formats
// with prettier. Run it after changing a model's overrides or src/kernel/linuxDecisions.ts;
// test/review/recordedFlagFlow.test.ts fails until then. The record is data, so it is JSON: it
// is read, never edited, and the compiler copies it into dist/ beside the module that imports it.

import { writeFileSync } from 'node:fs';
import { packageFile } from '../package/packageRoot.js';
import { recordFlagFlow } from './recordedFlagFlow.js';

writeFileSync(
  packageFile('src', 'review', '_internals', 'flagFlowFacts.json'),
  `${JSON.stringify(recordFlagFlow(), null, 2)}\n`,
);
