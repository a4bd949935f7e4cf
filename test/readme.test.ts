// The README's example trace is executed: it must parse and hold on the default model.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judge } from '../src/trace/judge.js';
import { parse } from '../src/trace/parser.js';
import { resolveProgram } from '../src/trace/resolve.js';
import { runProgram } from '../src/trace/runner.js';
import { DEFAULT_MODEL, getModel } from '../models/registry.js';
import { engineOf } from '../src/kernel/modelEngine.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The fenced block that follows the line `A trace:`. */
function exampleTrace(): string {
  const match = /A trace:\n```\n([\s\S]*?)```/.exec(readme);
  if (match?.[1] === undefined) throw new Error('README.md has no example trace after "A trace:"');
  return match[1];
}

describe('README', () => {
  it('shows a trace that holds on the default model', async () => {
    const program = parse(exampleTrace(), 'README.md');
    const constants = resolveProgram(program, {});
    const outcome = await runProgram(program, engineOf(getModel(DEFAULT_MODEL)), { constants });
    const verdicts = judge(program, outcome, constants);
    expect(verdicts.length).toBeGreaterThan(3);
    expect(verdicts.filter((v) => !v.held)).toEqual([]);
  });

  it('starts with the install-and-run command and the test command', () => {
    const top = readme.split('\n').slice(0, 16).join('\n');
    expect(top).toContain('npm ci && npx mmspec run spec/litmus/*.mmt');
    expect(top).toContain('npm test');
  });
});
