// Files a trace makes: tmpfile(LEN), an unlinked sparse regular file (the executor opens it
// with O_TMPFILE on /tmp), fusefile(LEN), a regular file on a FUSE file system that reads
// nothing ahead (src/oracle/executorFuse.h), and memfd_secret(LEN) (mm/secretmem.c).

import { type Result, err, ok } from './result.js';
import type { FileKind } from './state.js';
import type { Tx } from './tx.js';

/**
 * Opens a new file object of `len` bytes on the lowest free descriptor (fs/file.c); `raPages`
 * is its backing device's readahead window (pageCache.ts).
 */
export function openFile(tx: Tx, kind: FileKind, len: bigint, raPages: number): Result {
  if (len > 2n ** 53n) return err('EFBIG');
  const file = tx.addFile({ kind, size: Number(len), cache: new Map(), raPages });
  let fd = 3;
  while (tx.mm.fds.has(fd)) fd++;
  const fds = new Map(tx.mm.fds);
  fds.set(fd, file);
  tx.mm.fds = fds;
  return ok(BigInt(fd));
}
