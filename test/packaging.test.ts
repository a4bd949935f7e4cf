// What `npm pack` ships and what `npm ci` installs: the tarball is lean (no source maps,
// build info, benchmarks, fuzzer or proofs) yet holds the command, the library entry with its
// declarations, the executor's C source and the litmus corpus; the lockfile records every
// optional platform package, so `npm ci` accepts it on any machine.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface PackJson {
  readonly files: readonly { readonly path: string }[];
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main: string;
  types: string;
  exports: Record<string, Record<string, string> | string>;
};

describe('npm pack', () => {
  // --ignore-scripts: the tests' global setup has built dist/ already.
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [packed] = JSON.parse(out) as PackJson[];
  const files = (packed?.files ?? []).map((f) => f.path);

  it('leaves out source maps, build info, TypeScript sources, benchmarks, the fuzzer, proofs', () => {
    const unwanted = files.filter((f) =>
      /\.map$|\.tsbuildinfo$|^dist\/(bench|fuzz|proofs|test)\/|^(src|models|spec)\/.*\.ts$/.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  it('holds the command, the entry and its declarations, the executor source and the corpus', () => {
    const entry = pkg.exports['.'];
    const targets = typeof entry === 'string' ? [entry] : Object.values(entry ?? {});
    for (const f of ['bin/mmspec.js', pkg.main, pkg.types, ...targets, 'src/oracle/executor.c'])
      expect(files).toContain(f.replace(/^\.\//, ''));
    expect(files.filter((f) => /^spec\/litmus\/.*\.mmt$/.test(f)).length).toBeGreaterThan(100);
    expect(files).toContain('dist/src/cli/main.d.ts');
  });

  it('holds the recorded flag flow, since the models’ sources are not shipped, but not its writer', () => {
    expect(files).toContain('dist/src/review/_internals/flagFlowFacts.json');
    expect(files.filter((f) => f.includes('writeFlagFlowFacts'))).toEqual([]);
  });
});

describe('package-lock.json', () => {
  it('records every optional platform package, as npm ci requires', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> }>;
    };
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
        const nested = `${path}/node_modules/${dep}`;
        if (!(nested in lock.packages) && !(`node_modules/${dep}` in lock.packages))
          missing.push(`${dep} (of ${path || 'the root'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
