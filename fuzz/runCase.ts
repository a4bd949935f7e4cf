// Runs one fuzz input through the mmspec command line, in process, and judges what came out:
// an uncaught exception, an internal error, a stack trace, raw control bytes, a misuse that
// is not one line with status 2, or a run over the time limit (CPU time) is a finding.

import { readFile } from 'node:fs/promises';
import { main, type MainOptions } from '../src/cli/main.js';
import { engineOf } from '../src/kernel/modelEngine.js';
import { getModel } from '../models/registry.js';

/**
 * The acceptance criterion of issue 13: no input takes longer. Judged on the CPU time the
 * process spends on the case, not on the wall clock: the campaign runs beside other tests and
 * other work on the machine, and a case that waits for a busy core has not run slowly.
 */
export const SLOW_MS = 2_000;

export type Finding = 'uncaught' | 'internal' | 'slow' | 'status' | 'lines' | 'control';

export interface CaseResult {
  readonly status: number | undefined;
  /** CPU time (user and system) the process spent on the case. */
  readonly ms: number;
  readonly findings: readonly Finding[];
  /** The first lines of output, to show a finding. */
  readonly excerpt: string;
}

// eslint-disable-next-line no-control-regex -- raw control characters are what is looked for
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const STACK_LINE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;
// What an engine error looks like when it is JavaScript failing, not a clear refusal.
const JS_FAILURE =
  /Maximum call stack|Invalid array length|Invalid string length|Cannot read prop|is not a function|is not iterable|out of memory|Cannot convert|undefined/;

const TRACE_FILE = 'fuzz.mmt';
const GOOD_TRACE =
  'a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nmlock(a, 2P) = 0\ncheck VmLck = 2P\n';

/** Models from the registry only: a fuzzed `model ./file.js` must not import files. */
function options(
  files: Readonly<Record<string, string>>,
  out: string[],
  err: string[],
): MainOptions {
  const model = (name: string) => Promise.resolve().then(() => engineOf(getModel(name)));
  return {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    // The fuzzed files, and the litmus corpus that conform reads; nothing else on disk.
    readFile: (path) => {
      const text = files[path];
      if (text !== undefined) return Promise.resolve(text);
      if (/(^|\/)spec\/litmus\/[^/]+\.mmt$/.test(path)) return readFile(path, 'utf8');
      return Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));
    },
    engines: {
      model,
      // No real kernel in the fuzzer: the model stands in for it.
      kernel: () => model('linux-6.18'),
      constants: (name) =>
        Promise.resolve()
          .then(() => getModel(name).constants)
          .catch(() => []),
    },
  };
}

async function runMain(argv: string[], files: Readonly<Record<string, string>>) {
  const out: string[] = [];
  const err: string[] = [];
  const findings: Finding[] = [];
  const cpu0 = process.cpuUsage();
  let status: number | undefined;
  try {
    status = await main(argv, options(files, out, err));
  } catch (error) {
    findings.push('uncaught');
    err.push(`UNCAUGHT ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  const { user, system } = process.cpuUsage(cpu0);
  const ms = (user + system) / 1000;
  const stdout = out.join('');
  const stderr = err.join('');
  if (ms > SLOW_MS) findings.push('slow');
  if (/internal error/.test(stderr) || STACK_LINE.test(stderr) || STACK_LINE.test(stdout))
    findings.push('internal');
  if (RAW_CONTROL.test(stdout) || RAW_CONTROL.test(stderr)) findings.push('control');
  return { status, ms, stdout, stderr, findings };
}

const excerptOf = (text: string) => text.split('\n').slice(0, 6).join('\n').slice(0, 600);

/** `mmspec run fuzz.mmt` on the default model: 0, 1, or 2 with one diagnostic or a reason. */
export async function runTraceCase(source: string): Promise<CaseResult> {
  const r = await runMain(['run', TRACE_FILE], { [TRACE_FILE]: source });
  const findings = [...r.findings];
  if (r.status !== undefined && ![0, 1, 2].includes(r.status)) findings.push('status');
  if (r.status === 2) {
    const heads = r.stderr.split('\n').filter((l) => l.startsWith(`${TRACE_FILE}:`));
    const unsupported = /^# UNSUPPORTED .*$/m.exec(r.stdout)?.[0];
    if (heads.length === 0 && unsupported === undefined) findings.push('status');
    if (heads.length > 1) findings.push('lines');
    if (unsupported !== undefined && JS_FAILURE.test(unsupported)) findings.push('internal');
  }
  return { status: r.status, ms: r.ms, findings, excerpt: excerptOf(`${r.stderr}${r.stdout}`) };
}

/** A faulty argument vector: status 2 and exactly one line on stderr. */
export async function runArgvCase(argv: string[]): Promise<CaseResult> {
  const r = await runMain(argv, { 't.mmt': GOOD_TRACE });
  const findings = [...r.findings];
  if (r.status !== 2) findings.push('status');
  if (r.stderr.trimEnd().split('\n').length !== 1) findings.push('lines');
  return { status: r.status, ms: r.ms, findings, excerpt: excerptOf(r.stderr) };
}
