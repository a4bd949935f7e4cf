// Where the CLI writes, and what it runs on: process streams and the real engines by default,
// injectable so tests run main() in-process with fakes.

import type { Engine } from '../../uapi/engine.js';
import type { UapiConstant } from '../../uapi/uapiConstants.js';

export interface Writer {
  write(text: string): unknown;
}

export interface EngineSource {
  /**
   * A model by name or file (models/registry.ts:resolveModel); rejects with UnknownModelError
   * or ModelFileError.
   */
  model(name: string): Promise<Engine>;
  /**
   * A real kernel: this machine's (`host`, the default) or a Debian kernel under qemu
   * (`linux-6.1`); `progress` gets fetch and boot lines. Rejects with KernelEngineUnavailable.
   */
  kernel(target?: string, progress?: (line: string) => void): Promise<Engine>;
  /** Flag names a model adds to the uapi vocabulary; none for a model that cannot be had. */
  constants(model: string): Promise<readonly UapiConstant[]>;
}

export interface CliContext {
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly engines: EngineSource;
  readonly readFile: (path: string) => Promise<string>;
}
