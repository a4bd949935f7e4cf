// Where the CLI writes, and what it runs on: process streams and the real engines by default,
// injectable so tests run main() in-process with fakes.

import type { Engine } from '../../trace/engine.js';
import type { UapiConstant } from '../../kernel/uapi.js';

export interface Writer {
  write(text: string): unknown;
}

export interface EngineSource {
  /** A model by name; throws UnknownModelError for a name no model has. */
  model(name: string): Engine;
  /** The real kernel of this machine. */
  kernel(): Promise<Engine>;
  /** Flag names a model adds to the uapi vocabulary. */
  constants(model: string): readonly UapiConstant[];
}

export interface CliContext {
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly engines: EngineSource;
  readonly readFile: (path: string) => Promise<string>;
}
