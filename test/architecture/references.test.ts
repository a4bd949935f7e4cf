// Dead references: every repository path the documents and the code's comments name exists, and
// every `path:name` names something that file defines. A file moved or a function renamed
// without its citations fails here instead of leaving a reader at a path that is gone.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The top folders a reference may start with. */
const TOPS = ['src', 'spec', 'models', 'proofs', 'test', 'bench', 'bin', 'fuzz', '.ci'];

/** A path below one of TOPS, optionally `:name` after it (a function, a decision point). */
const REFERENCE = new RegExp(
  `(?<![\\w./-])((?:${TOPS.map((t) => t.replace('.', '\\.')).join('|')})/[\\w./+*-]*[\\w*])(?::([A-Za-z_]\\w*))?`,
  'g',
);

/** `spec/litmus/X.mmt`, `models/NAME.ts`: a placeholder, not a file. */
const PLACEHOLDER = /(^|\/)[A-Z]{1,4}(\.\w+)?$/;

function filesBelow(dir: string, ext: RegExp, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = `${dir}/${name}`;
    if (skip.some((s) => path.startsWith(s))) continue;
    if (statSync(join(root, path)).isDirectory()) out.push(...filesBelow(path, ext, skip));
    else if (ext.test(name)) out.push(path);
  }
  return out;
}

/** Whether `path` exists; a `*` matches any rest of a name in its folder (`defFlags*`). */
function exists(path: string): boolean {
  const star = path.indexOf('*');
  if (star < 0) return existsSync(join(root, path)) || existsSync(join(root, jsToTs(path)));
  const folder = path.slice(0, path.lastIndexOf('/', star));
  const prefix = path.slice(folder.length + 1, star);
  return (
    existsSync(join(root, folder)) &&
    readdirSync(join(root, folder)).some((n) => n.startsWith(prefix))
  );
}

/** Code cites a module as it is imported (`.js`); the file is the TypeScript source. */
const jsToTs = (path: string) => path.replace(/\.js$/, '.ts');

/** Whether the file at `path` names `name` outside its comments (defines or exports it). */
function defines(path: string, name: string): boolean {
  const file = existsSync(join(root, path)) ? path : jsToTs(path);
  const code = readFileSync(join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');
  return new RegExp(`\\b${name}\\b`).test(code);
}

/** Every dead reference of `file`: `file:line: reference`. */
function deadReferences(file: string, onlyBackticked: boolean): string[] {
  const dead: string[] = [];
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const texts = onlyBackticked ? [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '') : [line];
    for (const text of texts)
      for (const m of text.matchAll(REFERENCE)) {
        const path = (m[1] ?? '').replace(/\.$/, '');
        const name = m[2];
        if (PLACEHOLDER.test(path)) continue;
        const where = `${file}:${i + 1}: ${m[0]}`;
        if (!exists(path)) dead.push(where);
        else if (
          name !== undefined &&
          !path.includes('*') &&
          /\.(ts|js|c|h)$/.test(path) &&
          !defines(path, name)
        )
          dead.push(where);
      }
  });
  return dead;
}

describe('references to the repository', () => {
  it('every backticked path in ARCHITECTURE.md, README.md and the documents of spec/ exists', () => {
    // The generated reviews, tables and kernel records quote what they were generated from.
    const generated = ['spec/reviews', 'spec/tables', 'spec/kernels'];
    const docs = ['ARCHITECTURE.md', 'README.md', ...filesBelow('spec', /\.md$/, generated)];
    expect(docs.flatMap((d) => deadReferences(d, true))).toEqual([]);
  });

  it('every path the code of src/, models/ and proofs/ cites exists, and each path:name is there', () => {
    const code = ['src', 'models', 'proofs'].flatMap((d) => filesBelow(d, /\.(ts|c|h)$/));
    expect(code.length).toBeGreaterThan(100);
    expect(code.flatMap((f) => deadReferences(f, false))).toEqual([]);
  });

  it('finds a dead reference when there is one', () => {
    // The check itself, on a reference that is gone and one that is there.
    expect(exists('src/cli/main.ts')).toBe(true);
    expect(exists('src/cli/nosuch.ts')).toBe(false);
    expect(exists('spec/litmus/env/VM_FAULT_SIGBUS+*')).toBe(true);
    expect(defines('src/cli/main.ts', 'mmspecProgram')).toBe(true);
    expect(defines('src/cli/main.ts', 'noSuchFunction')).toBe(false);
  });
});
