// A man-page claim: a trace under spec/manpages/ whose header names the page and section and
// paraphrases what it states (kind `statement`: the trace checks what the page says) or what
// the kernel does that the pages leave out (kind `unmentioned`: the trace checks the kernel's
// behaviour). The header is comments, so every claim also runs with `mmspec run`.

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Program } from '../../trace/ast.js';
import type { Constants } from '../../trace/bindings.js';
import { parse } from '../../trace/parser.js';
import { resolveProgram } from '../../trace/resolve.js';

export type ClaimKind = 'statement' | 'unmentioned';

export interface ManClaim {
  readonly id: string;
  readonly file: string;
  readonly page: string;
  readonly section: string;
  readonly kind: ClaimKind;
  /** The paraphrase, in our words. */
  readonly says: string;
  readonly program: Program;
  readonly constants: Constants;
}

/** Thrown for a claim file whose header lacks a field; the CLI reports it as misuse. */
export class ClaimFileError extends Error {}

const FIELDS = ['page', 'section', 'kind', 'says'] as const;

export function parseClaim(file: string, source: string): ManClaim {
  const header = new Map<string, string>();
  for (const line of source.split('\n')) {
    const m = /^#\s*(page|section|kind|says):\s*(.*)$/.exec(line);
    if (m === null) break;
    header.set(m[1] ?? '', (m[2] ?? '').trim());
  }
  const missing = FIELDS.filter((f) => (header.get(f) ?? '') === '');
  if (missing.length > 0)
    throw new ClaimFileError(
      `${file}:1:1: the claim's header lacks '# ${missing.join(':')}:' lines`,
    );
  const kind = header.get('kind');
  if (kind !== 'statement' && kind !== 'unmentioned')
    throw new ClaimFileError(`${file}: '# kind:' is statement or unmentioned, got '${kind ?? ''}'`);
  const program = parse(source, file);
  const id = (file.split('/').pop() ?? file).replace(/\.mmt$/, '');
  return {
    id,
    file,
    page: header.get('page') ?? '',
    section: header.get('section') ?? '',
    kind,
    says: header.get('says') ?? '',
    program,
    constants: resolveProgram(program),
  };
}

/** Every claim of a folder, in file-name order. */
export async function loadClaims(dir: string): Promise<ManClaim[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.mmt')).sort();
  return Promise.all(
    files.map(async (f) => parseClaim(join(dir, f), await readFile(join(dir, f), 'utf8'))),
  );
}
