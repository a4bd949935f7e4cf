// A setup file for every test file: after each test, give the worker's event loop one full turn.
//
// A vitest worker reports each test to the main process over an RPC whose calls time out after
// 60 s (birpc's default, which vitest 3 does not let a config change: vitest-dev/vitest#11082).
// Between two tests of a file vitest only awaits promises, so a file of synchronous explorations
// (proofs/claims, judged calls: 100 s and more on a loaded machine) never reaches the poll phase
// that reads the main process's answers; when the loop is finally free, Node runs its timers
// first and the RPC times out though its answer had arrived. The run then fails with
// `Timeout calling "onTaskUpdate"` and every test passed. setImmediate resolves in the check
// phase, after the poll phase, so each test's answers are read before the next test starts.
import { afterEach } from 'vitest';

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
