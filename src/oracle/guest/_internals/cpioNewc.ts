// A `newc` cpio archive (the format the kernel unpacks as an initramfs, see the kernel's
// Documentation/driver-api/early-userspace/buffer-format.rst): per entry a 110-byte ASCII header
// of `070701` and thirteen 8-digit hex fields, the NUL-terminated name, the data, each padded to
// a multiple of 4 bytes; a `TRAILER!!!` entry ends it.

export interface CpioEntry {
  /** Path inside the archive, without a leading slash: `init`, `dev`. */
  readonly name: string;
  /** st_mode: type and permission bits, e.g. 0o100755 for an executable, 0o40755 a directory. */
  readonly mode: number;
  readonly data?: Uint8Array;
  /** For a device node: its major and minor numbers. */
  readonly rdev?: readonly [number, number];
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

const hex8 = (n: number) => n.toString(16).padStart(8, '0');
const pad4 = (n: number) => (4 - (n % 4)) % 4;

function header(ino: number, entry: CpioEntry, size: number, nameSize: number): string {
  const nlink = (entry.mode & S_IFMT) === S_IFDIR ? 2 : 1;
  //           ino  mode        uid gid nlink  mtime size devmaj devmin rdevmaj rdevmin namesize check
  const [major, minor] = entry.rdev ?? [0, 0];
  const fields = [ino, entry.mode, 0, 0, nlink, 0, size, 0, 0, major, minor, nameSize, 0];
  return `070701${fields.map(hex8).join('')}`;
}

/** The archive's bytes; entries in the order given (a directory before what it holds). */
export function cpioNewc(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  const all = [...entries, { name: 'TRAILER!!!', mode: 0 }];
  all.forEach((entry, i) => {
    if (entry.name === '' || entry.name.startsWith('/'))
      throw new Error(`cpioNewc: entry name '${entry.name}' must be relative and non-empty`);
    const data = entry.data ?? new Uint8Array(0);
    const name = Buffer.from(`${entry.name}\0`, 'utf8');
    const ino = entry.name === 'TRAILER!!!' ? 0 : i + 1;
    push(Buffer.from(header(ino, entry, data.length, name.length), 'ascii'));
    push(name);
    push(Buffer.alloc(pad4(offset)));
    push(Buffer.from(data));
    push(Buffer.alloc(pad4(offset)));
  });
  return Buffer.concat(parts);
}
