// A worker thread of the bit-state search: builds the system from its SystemRef and expands
// the chunks the driver sends, handing back their successors (see BitstateChunk).

import { parentPort, workerData } from 'node:worker_threads';
import { BitstateChunk } from './bitstateChunk.js';
import { loadSystem } from './loadSystem.js';
import type { BitstateInit, BitstateMessage, WorkerReply } from './workerProtocol.js';

const port = parentPort;
if (port === null) throw new Error('bitstateWorker: must run as a worker thread');
const init = workerData as BitstateInit;
const system = await loadSystem(init.ref);
const chunk = new BitstateChunk(system, init.partition, init.initialCount);

port.on('message', (message: BitstateMessage) => {
  if (message.type === 'finish') {
    const statistics = system.takeStatistics?.() ?? null;
    port.postMessage({ type: 'finished', statistics } satisfies WorkerReply);
    return;
  }
  const r = chunk.run(message.job);
  const reply: WorkerReply = { type: 'expanded', result: r };
  port.postMessage(reply, [r.successors.buffer as ArrayBuffer, r.violations.buffer as ArrayBuffer]);
});
port.postMessage({
  type: 'ready',
  name: system.name,
  encodedWords: system.encodedWords,
} satisfies WorkerReply);
