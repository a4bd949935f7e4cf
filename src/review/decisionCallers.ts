// Which system calls reach each decision point: read from src/kernel with ts-morph. Every
// `decisions.NAME` is found inside the function that reads it; the functions that name that
// one (call it or pass it on) are followed up to the entry points step() dispatches to
// (sysMmap, userRead, forkEnter, ...). A name is followed to the declaration the type checker
// resolves it to, not matched as text: a helper that shares its name with a local or with a
// helper of another file joins no path of theirs. A static over-approximation: a path that
// exists in the source counts.

import type { Node, Project } from 'ts-morph';
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

/** The function a node is written in: its declaration, and the name it is declared under. */
function enclosingFunction(node: Node): { decl: Node; name: string } | undefined {
  const { Node: N } = tsMorph();
  for (let n: Node | undefined = node; n !== undefined; n = n.getParent()) {
    if (N.isFunctionDeclaration(n) || N.isMethodDeclaration(n)) {
      const name = n.getName();
      return name === undefined ? undefined : { decl: n, name };
    }
    if (N.isVariableDeclaration(n)) {
      const init = n.getInitializer();
      if (N.isArrowFunction(init) || N.isFunctionExpression(init))
        return { decl: n, name: n.getName() };
    }
  }
  return undefined;
}

/** The declarations an identifier names, through imports to the exported function. */
function declarationsOf(id: Node): readonly Node[] {
  const symbol = id.getSymbol();
  if (symbol === undefined) return [];
  return (symbol.getAliasedSymbol() ?? symbol).getDeclarations();
}

/**
 * step.ts's dispatch reads decisions before it hands a call to its entry point: a read under
 * `case 'NAME':` is reached by that call alone, one outside the switch by every call.
 */
function dispatchedCalls(access: Node, from: { decl: Node; name: string }): string[] | undefined {
  if (from.name !== 'dispatch' || !from.decl.getSourceFile().getFilePath().endsWith('/step.ts'))
    return undefined;
  const { Node: N } = tsMorph();
  const clause = access.getFirstAncestor((n) => N.isCaseClause(n));
  if (!N.isCaseClause(clause)) return [...new Set(Object.values(ENTRY))];
  const label = clause.getExpression();
  return N.isStringLiteral(label) ? [label.getLiteralValue()] : [];
}

/** Only a top-level function of a file is an entry point (a local of the same name is not). */
function entryOf(fn: { decl: Node; name: string }): string | undefined {
  const { Node: N } = tsMorph();
  const statement = N.isVariableDeclaration(fn.decl) ? fn.decl.getVariableStatement() : fn.decl;
  return N.isSourceFile(statement?.getParent()) ? ENTRY[fn.name] : undefined;
}

/** Decision point -> the calls (trace names) whose code can consult it, in `project`. */
export function decisionCallersIn(project: Project): ReadonlyMap<string, readonly string[]> {
  const { SyntaxKind } = tsMorph();
  const files = project.getSourceFiles();
  // The functions that can be called: only identifiers spelling one of their names are resolved.
  const names = new Set<string>();
  for (const file of files)
    for (const kind of [SyntaxKind.FunctionDeclaration, SyntaxKind.VariableDeclaration])
      for (const d of file.getDescendantsOfKind(kind)) {
        const fn = enclosingFunction(d);
        if (fn?.decl === d) names.add(fn.name);
      }
  const functions = new Map<Node, { decl: Node; name: string }>();
  const callers = new Map<Node, Set<Node>>();
  const readers = new Map<string, Set<Node>>();
  /** Decisions dispatch reads, with the calls it reads them for. */
  const direct = new Map<string, Set<string>>();
  const note = (fn: { decl: Node; name: string }) => functions.set(fn.decl, fn).get(fn.decl);
  for (const file of files) {
    // A function named inside another (called, or handed over as a visitor) counts as called.
    for (const id of file.getDescendantsOfKind(SyntaxKind.Identifier)) {
      if (!names.has(id.getText())) continue;
      const from = enclosingFunction(id);
      if (from === undefined) continue;
      for (const target of declarationsOf(id)) {
        const callee = enclosingFunction(target);
        if (callee?.decl !== target || callee.decl === from.decl) continue;
        note(callee);
        note(from);
        if (!callers.has(target)) callers.set(target, new Set());
        callers.get(target)?.add(from.decl);
      }
    }
    // `const d = tx.model.decisions` makes `d.NAME` a read of NAME too.
    const aliases = new Set(
      file
        .getDescendantsOfKind(SyntaxKind.VariableDeclaration)
        .filter((v) => v.getInitializer()?.getText().endsWith('.decisions') === true)
        .map((v) => v.getName()),
    );
    for (const access of file.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
      const target = access.getExpression().getText();
      if (!target.endsWith('decisions') && !aliases.has(target)) continue;
      const from = enclosingFunction(access);
      if (from === undefined) continue;
      const d = access.getName();
      const dispatched = dispatchedCalls(access, from);
      if (dispatched !== undefined) {
        if (!direct.has(d)) direct.set(d, new Set());
        dispatched.forEach((c) => direct.get(d)?.add(c));
        continue;
      }
      note(from);
      if (!readers.has(d)) readers.set(d, new Set());
      readers.get(d)?.add(from.decl);
    }
  }
  const reach = (fn: Node): Set<string> => {
    const calls = new Set<string>();
    const seen = new Set<Node>();
    const todo = [fn];
    for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
      if (seen.has(f)) continue;
      seen.add(f);
      const known = functions.get(f);
      const entry = known === undefined ? undefined : entryOf(known);
      if (entry !== undefined) {
        calls.add(entry);
        continue;
      }
      for (const c of callers.get(f) ?? []) todo.push(c);
    }
    return calls;
  };
  const out = new Map<string, string[]>();
  for (const d of new Set([...readers.keys(), ...direct.keys()])) {
    const calls = new Set<string>(direct.get(d));
    for (const f of readers.get(d) ?? []) reach(f).forEach((c) => calls.add(c));
    out.set(d, [...calls].sort());
  }
  return out;
}

let cached: ReadonlyMap<string, readonly string[]> | undefined;

/** Decision point -> the calls (trace names) whose code can consult it, in src/kernel. */
export function decisionCallers(): ReadonlyMap<string, readonly string[]> {
  if (cached !== undefined) return cached;
  const project = new (tsMorph().Project)({ skipAddingFilesFromTsConfig: true });
  project.addSourceFilesAtPaths(packageFile('src', 'kernel', '*.ts'));
  // src/kernel imports src/uapi: resolved too, so a name imported from there is not followed.
  project.resolveSourceFileDependencies();
  cached = decisionCallersIn(project);
  return cached;
}
