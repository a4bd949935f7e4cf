// The line protocol between the driver and executor.c: one request line, one reply line,
// never pipelined. Numbers are lower-case hex without `0x`.
//
//   request                          reply (innermost trace process unless noted)
//   start RLIMIT|- CAP TIMEOUT_S     ok REST_PAGES RLIMIT_SET | unsupported WHAT ERRNO   (server forks)
//   call NR A0 A1 A2 A3 A4 A5        ok VALUE | err ERRNO        raw syscall(2)
//   read ADDR 0 / write ADDR BYTE    ok BYTE | ok 0 | sig SIGNO  user access
//   tmpfile LEN / memfd_secret LEN   ok FD | err ERRNO
//   fusefile LEN                     ok FD | err ERRNO   a file whose reads can be held (executorFuse.h)
//   existing NAME                    ok START | none
//   pages ADDR LEN                   pages LETTERS
//   vmflags ADDR                     flags MNEMONIC... | none
//   vma ADDR                         ok START END | none
//   vmas ADDR LEN / vmlck            ok COUNT / ok BYTES
//   def_flags                        flags [lo] [lf]
//   fork                             ok (from the new child) | err ERRNO
//   exit                             ok STATUS (from the parent, after waitpid)
//   execve                           ok 0 (from the new image) | err ERRNO
//   end                              ok (from the server, after every level exited)
//   anonhuge                         ok BYTES           smaps AnonHugePages of the trace's VMAs
//   vmdata                           ok BYTES           status VmData less the program's own data VMAs
//   thp 1 / thp 0                    ok 1 | err ERRNO   THP on (PR_SET_THP_DISABLE cleared) or off
//   setrlimit RESOURCE LIMIT         ok 0 | err ERRNO   soft = hard = LIMIT (mid-trace)
//   capset CAP ON                    ok 0 | err ERRNO   CAP_IPC_LOCK in or out of the effective set
//   tnew / tcall T NR A0..A5         ok 0            a thread group: its calls, thread by thread
//   tstep T 0 0 | tstep T 1 ADDR     ok 0            its schedule: run to the end | held at ADDR
//   trun SCHEDULED STEP_MS           ok 0 | unreachable STEP REASON...   (executorThreads.h)
//   tresult T I                      ok VALUE | err ERRNO | none (the call never ran)
// Any request may instead get `fail WHAT ERRNO` (the executor could not do its part) or
// `dead WAIT_STATUS` (the process serving it died: a signal, the alarm; SIGKILL also when the
// trace's cgroup ran out of memory). The server greets with
// `hello KPAGEFLAGS_ERRNO PFNS_VISIBLE MEMLOCK_HARD|- CGROUP` (CGROUP: v2, v1 or - for none).

/** A reply line, parsed. */
export type Reply =
  | { readonly kind: 'ok'; readonly values: readonly bigint[] }
  | { readonly kind: 'err'; readonly errno: number }
  | { readonly kind: 'sig'; readonly signo: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'flags'; readonly mnemonics: readonly string[] }
  | { readonly kind: 'pages'; readonly letters: string }
  | { readonly kind: 'fail'; readonly what: string; readonly errno: number }
  | { readonly kind: 'unsupported'; readonly what: string; readonly errno: number }
  | { readonly kind: 'dead'; readonly status: number }
  | { readonly kind: 'unreachable'; readonly step: number; readonly reason: string }
  | {
      readonly kind: 'hello';
      readonly kpageflagsErrno: number;
      readonly pfnsVisible: boolean;
      readonly memlockHard: bigint | null;
      /** The cgroup around each trace: its version, or null when the host allows none. */
      readonly cgroup: 'v1' | 'v2' | null;
    };

/** The executor said something this driver does not understand: a build of another version. */
export class ProtocolError extends Error {
  constructor(line: string) {
    super(`executor protocol: unexpected reply '${line}'`);
    this.name = 'ProtocolError';
  }
}

const hex = (word: string | undefined, line: string): bigint => {
  if (word === undefined || !/^[0-9a-f]+$/.test(word)) throw new ProtocolError(line);
  return BigInt(`0x${word}`);
};

/** `fail no trace is running 16`: a message of several words, then an errno. */
function withErrno(kind: 'fail' | 'unsupported', words: readonly string[], line: string): Reply {
  return { kind, what: words.slice(1, -1).join(' '), errno: Number(hex(words.at(-1), line)) };
}

export function parseReply(line: string): Reply {
  const words = line.split(' ').filter((w) => w !== '');
  const head = words[0];
  switch (head) {
    case 'ok':
      return { kind: 'ok', values: words.slice(1).map((w) => hex(w, line)) };
    case 'err':
      return { kind: 'err', errno: Number(hex(words[1], line)) };
    case 'sig':
      return { kind: 'sig', signo: Number(hex(words[1], line)) };
    case 'none':
      return { kind: 'none' };
    case 'flags':
      return { kind: 'flags', mnemonics: words.slice(1) };
    case 'pages':
      return { kind: 'pages', letters: words[1] ?? '' };
    case 'fail':
    case 'unsupported':
      return withErrno(head, words, line);
    case 'dead':
      return { kind: 'dead', status: Number(hex(words[1], line)) };
    case 'unreachable':
      return {
        kind: 'unreachable',
        step: Number(hex(words[1], line)),
        reason: words.slice(2).join(' '),
      };
    case 'hello':
      return {
        kind: 'hello',
        kpageflagsErrno: Number(hex(words[1], line)),
        pfnsVisible: hex(words[2], line) !== 0n,
        memlockHard: words[3] === '-' ? null : hex(words[3], line),
        cgroup: words[4] === 'v1' || words[4] === 'v2' ? words[4] : null,
      };
    default:
      throw new ProtocolError(line);
  }
}

/** A request line from a command and its numeric arguments. */
export function request(command: string, ...args: readonly bigint[]): string {
  return [command, ...args.map((a) => a.toString(16))].join(' ');
}

/** How a process of the trace ended, from its wait status, for error messages. */
export function describeWaitStatus(status: number): string {
  const signo = status & 0x7f;
  if (signo === 0) return `exited with status ${(status >> 8) & 0xff}`;
  const name: Record<number, string> = {
    6: 'SIGABRT',
    7: 'SIGBUS',
    9: 'SIGKILL',
    11: 'SIGSEGV',
    14: 'SIGALRM',
  };
  const why =
    signo === 14
      ? ' (the per-trace time limit)'
      : signo === 9
        ? ' (where the executor made a cgroup, its memory limit kills a trace that passes it)'
        : '';
  return `was killed by signal ${signo} (${name[signo] ?? 'see signal(7)'})${why}`;
}
