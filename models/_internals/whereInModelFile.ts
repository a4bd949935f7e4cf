// Where a model file writes one part of its model, found in its syntax tree: the override of a
// decision point, a constant it adds, the name it gives. For what only shows once the file
// runs (a decision that returns nothing, a constant that clashes, a name already taken), which
// the type check cannot see. Only an error reads it, so only an error pays for the parser.

import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import type { ts as TS } from 'ts-morph';

/** Where in the source, 1-based, and how many characters the caret underlines. */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly width: number;
}

/** What to find: the override `decisions.NAME`, a constant's `name` or `value`, the model's `name`. */
export type ModelPart =
  | { readonly decision: string }
  | { readonly constant: string; readonly field: 'name' | 'value' }
  | { readonly modelName: string };

/** Undefined when the file does not write that part literally (a constant built by a loop). */
export function whereInModelFile(
  file: string,
  source: string,
  part: ModelPart,
): SourceSpan | undefined {
  // Required when an error asks, not imported: a run of a sound file never loads the parser.
  const { ts } = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const keyOf = (n: TS.Node): string | undefined =>
    (ts.isPropertyAssignment(n) ||
      ts.isMethodDeclaration(n) ||
      ts.isShorthandPropertyAssignment(n)) &&
    (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))
      ? n.name.text
      : undefined;
  /** The property `key` of an object literal, when its value is a string literal. */
  const stringOf = (
    o: TS.ObjectLiteralExpression,
    key: string,
  ): TS.StringLiteralLike | undefined => {
    const p = o.properties.find((q) => keyOf(q) === key);
    return p !== undefined && ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer)
      ? p.initializer
      : undefined;
  };
  /** `owner: { ... }` or `owner: [ ... ]`: the literal is the value of the property `owner`. */
  const valueOf = (n: TS.Node, owner: string): boolean =>
    ts.isPropertyAssignment(n.parent) && keyOf(n.parent) === owner;
  let found: TS.Node | undefined;
  const visit = (n: TS.Node): void => {
    if (found !== undefined) return;
    if (ts.isObjectLiteralExpression(n)) {
      if ('decision' in part && valueOf(n, 'decisions')) {
        found = n.properties.find((p) => keyOf(p) === part.decision)?.name;
      } else if ('constant' in part && ts.isArrayLiteralExpression(n.parent)) {
        const name = stringOf(n, 'name');
        if (valueOf(n.parent, 'constants') && name?.text === part.constant)
          found =
            part.field === 'name'
              ? name
              : n.properties.find((p) => keyOf(p) === 'value' && ts.isPropertyAssignment(p));
        if (found !== undefined && ts.isPropertyAssignment(found)) found = found.initializer;
      } else if ('modelName' in part && n.properties.some((p) => keyOf(p) === 'provenance')) {
        // The change `extend` takes: the object that also says where the design comes from.
        const name = stringOf(n, 'name');
        if (name?.text === part.modelName) found = name;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (found === undefined) return undefined;
  const start = found.getStart(sf);
  const { line, character } = sf.getLineAndCharacterOfPosition(start);
  return { line: line + 1, column: character + 1, width: found.getEnd() - start };
}
