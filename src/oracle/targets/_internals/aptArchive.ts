// Debian's archive through apt, with a private state: a source list of every suite that ships a
// kernel target, and lists and caches under mmspec's cache directory. Passed with -o options, so
// the machine's own sources, lists, package cache and lock are never touched.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
const ARCHIVE = 'http://deb.debian.org/debian';
const SECURITY = 'http://deb.debian.org/debian-security';

/** Every suite a target's package may be in (kernelTargets.ts), main only. */
export const SOURCES: readonly string[] = [
  `${ARCHIVE} bullseye`,
  `${SECURITY} bullseye-security`,
  `${ARCHIVE} bookworm`,
  `${SECURITY} bookworm-security`,
  `${ARCHIVE} bookworm-backports`,
  `${ARCHIVE} trixie`,
  `${SECURITY} trixie-security`,
  `${ARCHIVE} trixie-backports`,
  `${ARCHIVE} sid`,
  `${ARCHIVE} experimental`,
];

/** apt failed (no network, no such package): the message says what ran and what it said. */
export class AptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AptError';
  }
}

export interface PackageVersion {
  readonly package: string;
  readonly version: string;
}

export class AptArchive {
  constructor(private readonly dir: string) {}

  private get options(): string[] {
    const d = this.dir;
    return [
      '-o',
      `Dir::Etc::sourcelist=${join(d, 'sources.list')}`,
      '-o',
      'Dir::Etc::sourceparts=-',
      '-o',
      `Dir::State=${join(d, 'state')}`,
      '-o',
      `Dir::State::Lists=${join(d, 'lists')}`,
      '-o',
      `Dir::State::status=${join(d, 'status')}`,
      '-o',
      `Dir::Cache=${join(d, 'cache')}`,
      '-o',
      'Debug::NoLocking=1',
      '-o',
      'APT::Sandbox::User=root',
      '-o',
      'Acquire::Languages=none',
      '-q',
    ];
  }

  /** Whether package lists were fetched at least once. */
  get hasLists(): boolean {
    return existsSync(join(this.dir, 'lists', 'updated'));
  }

  /** `apt-get update` on the private source list. */
  async update(): Promise<void> {
    for (const sub of ['lists/partial', 'cache/archives/partial', 'state'])
      await mkdir(join(this.dir, sub), { recursive: true });
    const list = SOURCES.map((s) => `deb [signed-by=${KEYRING}] ${s} main`).join('\n');
    await writeFile(join(this.dir, 'sources.list'), `${list}\n`);
    await writeFile(join(this.dir, 'status'), '');
    await this.apt('apt-get', ['update']);
    await writeFile(join(this.dir, 'lists', 'updated'), new Date().toISOString());
  }

  /** Every version of the packages whose names start with `prefix` (apt-cache madison). */
  async versions(prefix: string): Promise<PackageVersion[]> {
    const names = (await this.apt('apt-cache', ['pkgnames', prefix]))
      .split('\n')
      .filter((n) => n !== '');
    if (names.length === 0) return [];
    const out = await this.apt('apt-cache', ['madison', ...names]);
    return out
      .split('\n')
      .map((line) => line.split('|').map((w) => w.trim()))
      .filter((w): w is [string, string, ...string[]] => w.length >= 3 && w[0] !== '')
      .map(([pkg, version]) => ({ package: pkg, version }));
  }

  /** `apt-get download PKG=VERSION` into `dest`; resolves with the .deb's path. */
  async download(pkg: PackageVersion, dest: string): Promise<void> {
    await mkdir(dest, { recursive: true });
    await this.apt('apt-get', ['download', `${pkg.package}=${pkg.version}`], dest);
  }

  private apt(cmd: string, args: readonly string[], cwd?: string): Promise<string> {
    const all = [...this.options, ...args];
    return new Promise((resolve, reject) => {
      execFile(
        cmd,
        all,
        { encoding: 'utf8', maxBuffer: 64 << 20, ...(cwd === undefined ? {} : { cwd }) },
        (error, stdout, stderr) => {
          if (error === null) resolve(stdout);
          else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
            reject(new AptError(`${cmd} is not installed: fetching Debian kernels needs apt`));
          else {
            const said = `${stderr}`.trim().split('\n').slice(-3).join('; ');
            reject(new AptError(`${cmd} ${args.join(' ')} failed: ${said}`));
          }
        },
      );
    });
  }
}
