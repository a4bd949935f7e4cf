// A worker thread of the parallel driver: builds the system from its SystemRef, then expands
// chunks of each level from the shared cursor into the shared store until told to stop.

import { parentPort, workerData } from 'node:worker_threads';
import { StateStore } from '../stateStore.js';
import { Expander, NONE } from './expander.js';
import { loadSystem } from './loadSystem.js';
import type { DriverMessage, WorkerInit, WorkerReply } from './workerProtocol.js';
import { CHUNK, Control } from './workerProtocol.js';

const port = parentPort;
if (port === null) throw new Error('exploreWorker: must run as a worker thread');
const init = workerData as WorkerInit;
const system = await loadSystem(init.ref);
const control = new Int32Array(init.control);
const violations = new Int32Array(init.violations);
const found = new Int32Array(init.found);
let store = new StateStore(init.store);
const expander = new Expander(system, store, violations, true, init.partition);
expander.setInitialCount(init.initialCount);
/** The rest of a chunk interrupted by a full table, expanded first on the next run. */
let pendingFrom = 0;
let pendingTo = 0;
let reported = 0;

const allViolated = (): boolean =>
  !init.exhaustive && violations.length > 0 && violations.every((v) => v !== NONE);

function run(): 'done' | 'paused' | 'stopped' {
  for (;;) {
    if (pendingFrom >= pendingTo) {
      if (Atomics.load(control, Control.STOP) !== 0 || allViolated()) return 'stopped';
      const start = Atomics.add(control, Control.CURSOR, CHUNK);
      const end = Atomics.load(control, Control.LEVEL_END);
      if (start >= end) return 'done';
      pendingFrom = start;
      pendingTo = Math.min(end, start + CHUNK);
    }
    pendingFrom = expander.expandRange(pendingFrom, pendingTo, init.maxStates);
    if (pendingFrom < pendingTo) return store.size >= init.maxStates ? 'stopped' : 'paused';
  }
}

/** Checks chunks of the range the driver set until none is left (no STOP: as the driver did). */
function check(): void {
  for (;;) {
    const start = Atomics.add(control, Control.CURSOR, CHUNK);
    const end = Atomics.load(control, Control.LEVEL_END);
    if (start >= end) return;
    expander.checkRange(start, Math.min(end, start + CHUNK));
  }
}

port.on('message', (message: DriverMessage) => {
  if (message.type === 'check') {
    check();
    port.postMessage({ type: 'done', transitions: 0 } satisfies WorkerReply);
    return;
  }
  if (message.type === 'finish') {
    const statistics = system.takeStatistics?.() ?? null;
    port.postMessage({ type: 'finished', statistics } satisfies WorkerReply);
    return;
  }
  if (message.store !== undefined) {
    store = new StateStore(message.store);
    expander.useStore(store);
  }
  expander.checkFoundInto(message.checkFound ? found : null);
  const type = run();
  const reply: WorkerReply = { type, transitions: expander.transitions - reported };
  reported = expander.transitions;
  port.postMessage(reply);
});
port.postMessage({
  type: 'ready',
  name: system.name,
  encodedWords: system.encodedWords,
} satisfies WorkerReply);
