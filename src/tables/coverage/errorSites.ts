// The model's error branches: every place in src/kernel/ that returns an errno, found in the
// compiled JavaScript (where V8's coverage can tell whether it ran) and named by the TypeScript
// line it came from. tsc keeps statements in order and each errno literal where it was, so the
// k-th error site of a compiled file is the k-th of its source.

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface ErrorSite {
  /** `mlock.ts:78` */
  readonly id: string;
  readonly file: string;
  readonly errnos: readonly string[];
  /** The source line, trimmed: the condition and the return. */
  readonly source: string;
  /** The compiled file's URL and the offset of the site in it, for the coverage. */
  readonly url: string;
  readonly offset: number;
  /** The calls whose validation this file holds. */
  readonly calls: readonly string[];
}

const SITE = /err\('(E[A-Z]+)'\)|return '(E[A-Z]+)'|error: (?:\w+ \? )?'(E[A-Z]+)'(?: : '(E[A-Z]+)')?/g;

/**
 * Which calls each kernel file validates. NOTE: by file, not by function: a branch is listed
 * under every call its file serves (munlock shares mlock.ts with mlock and mlock2). Population
 * errors reach the caller as they are only from madvise (mlock converts them, mmap and mlockall
 * ignore them), so populate.ts counts for madvise.
 */
const FILE_CALLS: Readonly<Record<string, readonly string[]>> = {
  'mlock.ts': ['mlock', 'mlock2', 'munlock'],
  'mlockall.ts': ['mlockall'],
  'mmap.ts': ['mmap'],
  'madvise.ts': ['madvise'],
  'guard.ts': ['madvise'],
  'mremap.ts': ['mremap'],
  'mprotect.ts': ['mprotect'],
  'munmap.ts': ['munmap'],
  'populate.ts': ['madvise'],
  'files.ts': ['tmpfile'],
  'step.ts': ['existing'],
};

function matches(text: string): { index: number; errnos: string[] }[] {
  return [...text.matchAll(SITE)].map((m) => ({
    index: m.index,
    errnos: m.slice(1).filter((e): e is string => e !== undefined),
  }));
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

export async function errorSites(distKernel: string, srcKernel: string): Promise<ErrorSite[]> {
  const sites: ErrorSite[] = [];
  const files = (await readdir(srcKernel)).filter((f) => f.endsWith('.ts')).sort();
  for (const file of files) {
    const ts = await readFile(join(srcKernel, file), 'utf8');
    let js: string;
    try {
      js = await readFile(join(distKernel, file.replace(/\.ts$/, '.js')), 'utf8');
    } catch {
      continue;
    }
    const inTs = matches(ts);
    const inJs = matches(js);
    inJs.forEach((m, k) => {
      const t = inTs[k];
      const line = t === undefined ? 0 : lineOf(ts, t.index);
      const source = (ts.split('\n')[line - 1] ?? '').trim();
      sites.push({
        id: `${file}:${line}`,
        file,
        errnos: m.errnos,
        source,
        url: `file://${join(distKernel, file.replace(/\.ts$/, '.js'))}`,
        offset: m.index,
        calls: FILE_CALLS[file] ?? [],
      });
    });
  }
  return sites;
}
