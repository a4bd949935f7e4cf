// A model file in TypeScript: type-checked in-process with ts-morph against mmspec's own
// types (its `import ... from 'mmspec'` resolved to models/modelApi.ts), then emitted as
// JavaScript whose 'mmspec' import names the compiled module. A type error is a
// ModelFileError pointing at the first error: file:line:column, the line, a caret.

import { dirname } from 'node:path';
import { Project, ts, type Diagnostic } from 'ts-morph';
import { ModelFileError } from '../modelFileError.js';
import { sourceCaret } from './sourceCaret.js';
import { MMSPEC_API_SOURCE, MMSPEC_API_URL, sourcesPresent } from './mmspecModule.js';

function compilerOptions(): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    allowImportingTsExtensions: false,
    noEmit: true,
    types: [],
    lib: ['lib.es2023.d.ts'],
    paths: { mmspec: [MMSPEC_API_SOURCE] },
  };
}

/**
 * `file:3:5: error: message` with the line and a caret under the column. A chained message
 * (a function not assignable to a decision's type, say) gives its first line and its deepest,
 * which says what was expected (`Type 'number' is not assignable to type 'boolean'`).
 */
function describe(file: string, source: string, d: Diagnostic): string {
  // The compiler's own diagnostic: ts-morph wraps a message chain in an object of its own,
  // which flattenDiagnosticMessageText does not read (it printed `undefined`).
  const lines = ts
    .flattenDiagnosticMessageText(d.compilerObject.messageText, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const first = lines[0] ?? 'type error';
  const deepest = lines[lines.length - 1] ?? first;
  const text = deepest === first ? first : `${first} ${deepest}`;
  const start = d.getStart() ?? 0;
  const before = source.slice(0, start);
  const line = before.split('\n').length;
  const column = start - before.lastIndexOf('\n');
  return sourceCaret(file, source, line, column, d.getLength() ?? 1, text);
}

/** Throws ModelFileError for the first type error of `file`. */
export function typeCheckModelFile(file: string, source: string): void {
  if (!sourcesPresent()) return;
  const project = new Project({
    compilerOptions: compilerOptions(),
    skipAddingFilesFromTsConfig: true,
  });
  const sf = project.createSourceFile(file, source, { overwrite: true });
  const errors = sf
    .getPreEmitDiagnostics()
    .filter((d) => d.getCategory() === ts.DiagnosticCategory.Error);
  const first =
    errors.find((d) => d.getSourceFile()?.getFilePath() === sf.getFilePath()) ?? errors[0];
  if (first !== undefined) throw new ModelFileError(file, describe(file, source, first), true);
}

/** The file as JavaScript, its 'mmspec' import pointing at the compiled module. */
export function emitModelFile(file: string, source: string): string {
  // An inline source map, its root the file's own directory: with source maps on, a stack
  // frame in the compiled module names the file, line and column of the source.
  const out = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      inlineSourceMap: true,
      sourceRoot: `${dirname(file)}/`,
    },
  });
  return out.outputText.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])mmspec\2/g,
    (_m, lead: string, q: string) => `${lead}${q}${MMSPEC_API_URL}${q}`,
  );
}
