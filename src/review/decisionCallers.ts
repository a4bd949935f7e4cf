// Which system calls reach each decision point: read from src/kernel with ts-morph. Every
// `decisions.NAME` is found inside the function that reads it; the functions that name that
// one (call it or pass it on) are followed up, by name, to the entry points step() dispatches to (sysMmap, userRead,
// forkEnter, ...). A static over-approximation: a path that exists in the source counts.

import type { Node } from 'ts-morph';
import { tsMorph } from '../../models/tsMorph.js';
import { packageFile } from '../package/packageRoot.js';

/** step()'s entry points, as the trace language names the calls. */
const ENTRY: Readonly<Record<string, string>> = {
  sysMmap: 'mmap',
  sysMunmap: 'munmap',
  sysMprotect: 'mprotect',
  sysMremap: 'mremap',
  sysMlock: 'mlock',
  sysMlock2: 'mlock2',
  sysMunlock: 'munlock',
  sysMlockall: 'mlockall',
  sysMunlockall: 'munlockall',
  sysMadvise: 'madvise',
  userRead: 'read',
  userWrite: 'write',
  forkEnter: 'fork',
  forkExit: 'exit',
  sysBrk: 'brk',
  sysExecve: 'execve',
};

function enclosingName(node: Node): string | undefined {
  for (let n: Node | undefined = node; n !== undefined; n = n.getParent()) {
    if (tsMorph().Node.isFunctionDeclaration(n)) return n.getName();
    if (tsMorph().Node.isVariableDeclaration(n)) {
      const init = n.getInitializer();
      if (tsMorph().Node.isArrowFunction(init) || tsMorph().Node.isFunctionExpression(init))
        return n.getName();
    }
    if (tsMorph().Node.isMethodDeclaration(n)) return n.getName();
  }
  return undefined;
}

let cached: ReadonlyMap<string, readonly string[]> | undefined;

/** Decision point -> the calls (trace names) whose code can consult it. */
export function decisionCallers(): ReadonlyMap<string, readonly string[]> {
  if (cached !== undefined) return cached;
  const project = new (tsMorph().Project)({ skipAddingFilesFromTsConfig: true });
  project.addSourceFilesAtPaths(packageFile('src', 'kernel', '*.ts'));
  const callers = new Map<string, Set<string>>();
  const readers = new Map<string, Set<string>>();
  for (const file of project.getSourceFiles()) {
    // A function named inside another (called, or handed over as a visitor) counts as called.
    for (const id of file.getDescendantsOfKind(tsMorph().SyntaxKind.Identifier)) {
      const name = id.getText();
      const from = enclosingName(id);
      if (from === undefined || name === from) continue;
      if (!callers.has(name)) callers.set(name, new Set());
      callers.get(name)?.add(from);
    }
    // `const d = tx.model.decisions` makes `d.NAME` a read of NAME too.
    const aliases = new Set(
      file
        .getDescendantsOfKind(tsMorph().SyntaxKind.VariableDeclaration)
        .filter((v) => v.getInitializer()?.getText().endsWith('.decisions') === true)
        .map((v) => v.getName()),
    );
    for (const access of file.getDescendantsOfKind(tsMorph().SyntaxKind.PropertyAccessExpression)) {
      const target = access.getExpression().getText();
      if (!target.endsWith('decisions') && !aliases.has(target)) continue;
      const from = enclosingName(access);
      if (from === undefined) continue;
      const d = access.getName();
      if (!readers.has(d)) readers.set(d, new Set());
      readers.get(d)?.add(from);
    }
  }
  const reach = (fn: string): Set<string> => {
    const calls = new Set<string>();
    const seen = new Set<string>();
    const todo = [fn];
    for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
      if (seen.has(f)) continue;
      seen.add(f);
      const entry = ENTRY[f];
      if (entry !== undefined) {
        calls.add(entry);
        continue;
      }
      for (const c of callers.get(f) ?? []) todo.push(c);
    }
    return calls;
  };
  const out = new Map<string, string[]>();
  for (const [d, fns] of readers) {
    const calls = new Set<string>();
    for (const f of fns) reach(f).forEach((c) => calls.add(c));
    out.set(d, [...calls].sort());
  }
  cached = out;
  return out;
}
