// `mmspec new-model NAME --from BASE`: the text of a model file of the user's own, with every
// decision point of src/kernel/decisions.ts listed, documented and commented out, read from
// that file with ts-morph each time so the template never goes stale.

import type { JSDocableNode, MethodSignature } from 'ts-morph';
import { tsMorph } from './tsMorph.js';
import { DECISIONS_SOURCE } from './_internals/mmspecModule.js';

export interface DecisionPoint {
  readonly name: string;
  /** The JSDoc text, without the comment markers. */
  readonly doc: string;
  /** Parameter names of a function decision; null for a value decision. */
  readonly params: readonly string[] | null;
  /** The declared type, as written in decisions.ts (for the comment). */
  readonly signature: string;
}

function docOf(node: JSDocableNode): string {
  return node
    .getJsDocs()
    .map((d) => d.getDescription().trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** The decision points of the `Decisions` interface, in their order there. */
export function decisionPoints(source = DECISIONS_SOURCE): readonly DecisionPoint[] {
  const project = new (tsMorph().Project)({ skipAddingFilesFromTsConfig: true });
  const file = project.addSourceFileAtPath(source);
  const decisions = file.getInterfaceOrThrow('Decisions');
  return decisions.getMembers().flatMap((m): DecisionPoint[] => {
    if (tsMorph().Node.isMethodSignature(m)) {
      const method: MethodSignature = m;
      return [
        {
          name: method.getName(),
          doc: docOf(method),
          params: method.getParameters().map((p) => p.getName()),
          signature: method.getText().replace(/\/\*\*[\s\S]*?\*\/\s*/, ''),
        },
      ];
    }
    if (tsMorph().Node.isPropertySignature(m))
      return [
        {
          name: m.getName(),
          doc: docOf(m),
          params: null,
          signature: m.getText().replace(/\/\*\*[\s\S]*?\*\/\s*/, ''),
        },
      ];
    return [];
  });
}

function wrap(text: string, indent: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + word.length + 1 > width) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}

function decisionText(d: DecisionPoint): string[] {
  const lines = [...wrap(d.doc, '    // '), `    //   ${d.signature.replace(/\s+/g, ' ')}`];
  if (d.params === null) lines.push(`    // ${d.name}: base.decisions.${d.name},`);
  else {
    const args = d.params.join(', ');
    lines.push(`    // ${d.name}: (${args}) => base.decisions.${d.name}(${args}),`);
  }
  return lines;
}

/** The model file for `name`, extending the registered model `from`. */
export function newModelFile(name: string, from: string): string {
  const points = decisionPoints();
  return [
    `// ${name}: a proposed design, as a model of mmspec that extends ${from}.`,
    '// Written by `mmspec new-model` from src/kernel/decisions.ts: every decision point is listed',
    '// below, documented and commented out; uncomment the ones the design changes. New uapi names',
    '// go in `constants` and are then accepted by traces run on this model. Use it with any',
    `// command: mmspec run --model ./${name}.ts TRACE, check, diff, review.`,
    '',
    "import { extend, getModel } from 'mmspec';",
    "// More from 'mmspec': the uapi constants (MAP_*, MCL_*, ...), VM_* flags and vmFlags,",
    '// withFlags, withoutFlags, hasAny, maskFlags, and the gup flags (gupFlags, FOLL_*, hasFoll).',
    '',
    `const base = getModel('${from}');`,
    '',
    'export default extend(base, {',
    `  name: '${name}',`,
    "  description: 'what the design changes, in one sentence',",
    "  provenance: 'the mail (message id) or commit that proposed it',",
    '  constants: [',
    "    // { name: 'MAP_EXAMPLE', value: 0x200000n, since: 'proposal' },",
    '  ],',
    '  decisions: {',
    ...points.flatMap((d, i) => [...(i === 0 ? [] : ['']), ...decisionText(d)]),
    '  },',
    '});',
    '',
  ].join('\n');
}
