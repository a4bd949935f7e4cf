// mmspec as a library (`import { runTrace } from 'mmspec'`): the trace language, the models
// and the engines that run traces, the real kernel included. The command line is `main`.

export { runTrace, type TraceRun } from './runTrace.js';

// The trace language (.mmt): text to syntax tree and back, checking, running, judging.
export type { Program, Stmt, Expr, Pos } from './trace/ast.js';
export { parse } from './trace/parser.js';
export { MAX_FORK_DEPTH, MAX_PROCESSES } from './trace/forkLimits.js';
export { print, printExpr } from './trace/printer.js';
export { resolveProgram, type ResolveOptions } from './trace/resolve.js';
export { evaluate } from './trace/evaluate.js';
export { runProgram, type RunOptions } from './trace/runner.js';
export { judge, type Verdict } from './trace/judge.js';
export { TraceError, formatDiagnostic } from './trace/diagnostic.js';
export { constantTable, type Constants } from './trace/bindings.js';

// Engines: what a trace runs on.
export type { Engine, Session, Setup, ConcreteCall, ConcreteObservable } from './uapi/engine.js';
export type { CallResult, Observed, Outcome, Step } from './uapi/outcome.js';
export { engineOf } from './kernel/modelEngine.js';
export {
  MODEL_MAX_RUNS,
  MODEL_MAX_SINGLE_PAGES,
  ModelLimitError,
} from './kernel/modelPageLimit.js';
export { kernelEngine } from './oracle/kernelEngine.js';

// Models: the simulator with its decision points, and the registry every command uses.
export { extend, type KernelModel, type ModelChange } from './kernel/model.js';
export { step } from './kernel/step.js';
export { initialState } from './kernel/initialState.js';
export {
  DEFAULT_MODEL,
  ModelFileError,
  UnknownModelError,
  findModel,
  getModel,
  listModels,
  resolveModel,
} from '../models/registry.js';

// The command line, runnable in process: `await main(['run', 'x.mmt'])` returns the exit status.
export { main, type MainOptions } from './cli/main.js';
