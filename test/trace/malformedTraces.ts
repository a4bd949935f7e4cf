// Traces that must not run, each with the exact diagnostic it gets. Shared by the diagnostic
// tests (test/trace) and the CLI tests (test/cli), which check exit 2 and no stack trace.

export interface Malformed {
  readonly name: string;
  readonly source: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly expected: string;
}

export const MALFORMED: readonly Malformed[] = [
  {
    name: 'unknown call',
    source: 'a = mmapp(NULL, 4P, 0, 0, -1, 0)\n',
    line: 1,
    column: 5,
    message: "unknown call 'mmapp'",
    expected:
      'a system call: mmap, munmap, mprotect, mremap, mlock, mlock2, munlock, mlockall, munlockall, madvise, read, write, tmpfile, fusefile, memfd_secret, existing, brk, execve, setrlimit, capset',
  },
  {
    name: 'unknown flag name',
    source: 'a = mmap(NULL, 4P, PROT_READ, MAP_PRIVATE|MAP_ANONYMUS, -1, 0)\n',
    line: 1,
    column: 43,
    message: "unknown name 'MAP_ANONYMUS'",
    expected:
      'a uapi constant such as MAP_PRIVATE, or a name bound by an earlier statement; did you mean MAP_ANONYMOUS?',
  },
  {
    name: 'name used before bound',
    source:
      'mlock(b, 1P)\nb = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n',
    line: 1,
    column: 7,
    message: "'b' is used before it is bound",
    expected: "a name bound by an earlier statement ('b' is bound on line 2, later)",
  },
  {
    name: 'name bound only inside a fork',
    source:
      'fork {\n  a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n}\nmlock(a, 1P)\n',
    line: 4,
    column: 7,
    message: "'a' is not bound here",
    expected:
      "a name bound by an earlier statement ('a' is bound on line 2, inside a fork block that has ended)",
  },
  {
    name: 'directive after statement',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nrlimit MEMLOCK 4P\n',
    line: 2,
    column: 1,
    message: "directive 'rlimit' after the first statement",
    expected: 'directives (model, rlimit, cap, thp) before the first statement',
  },
  {
    name: 'bad hex number',
    source: 'mlockall(0xZZ)\n',
    line: 1,
    column: 10,
    message: "bad number '0xZZ'",
    expected: 'hex digits after 0x (0x1f)',
  },
  {
    name: 'bad decimal number',
    source: 'mlock(0, 12abc)\n',
    line: 1,
    column: 10,
    message: "bad number '12abc'",
    expected: 'a decimal number, 0x and hex digits, or nP for n pages (4P)',
  },
  {
    name: 'unterminated string',
    source: 'v = existing("[vvar]\n',
    line: 1,
    column: 14,
    message: 'unterminated string',
    expected: "a closing '\"' on the same line",
  },
  {
    name: 'unbalanced parens',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nmlock(a, (1P + 2P)\n',
    line: 2,
    column: 19,
    message: 'unexpected end of line',
    expected: "')' or ',' in the arguments of mlock",
  },
  {
    name: 'missing )',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nmlock(a, 1P\n',
    line: 2,
    column: 12,
    message: 'unexpected end of line',
    expected: "')' or ',' in the arguments of mlock",
  },
  {
    name: 'extra )',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nmlock(a, 1P))\n',
    line: 2,
    column: 13,
    message: "unexpected ')'",
    expected: 'end of line',
  },
  {
    name: 'missing } of fork',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nfork {\n  mlock(a, 1P)\n',
    line: 2,
    column: 6,
    message: 'fork block is never closed',
    expected: "'}' on a line of its own, closing the fork opened here",
  },
  {
    name: 'stray }',
    source: 'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n}\n',
    line: 2,
    column: 1,
    message: "unexpected '}' with no open fork block",
    expected:
      'a statement: a call such as mlock(a, 1P), NAME = call(...), check ..., fork { or thread NAME {',
  },
  {
    name: 'only a }',
    source: '}\n',
    line: 1,
    column: 1,
    message: "unexpected '}' with no open fork block",
    expected:
      'a statement: a call such as mlock(a, 1P), NAME = call(...), check ..., fork { or thread NAME {',
  },
  {
    name: '= -1 without errno',
    source: 'mlockall(0) = -1\n',
    line: 1,
    column: 17,
    message: 'missing errno after -1',
    expected: 'an errno name such as EINVAL, strace style: = -1 EINVAL',
  },
  {
    name: '= ERRNO without -1',
    source: 'mlockall(0) = ENOMEM\n',
    line: 1,
    column: 15,
    message: "'ENOMEM' is no result: an errno is written after -1",
    expected: 'an errno result written strace style: = -1 ENOMEM',
  },
  {
    name: '= -ERRNO, as the kernel returns it',
    source: 'mlockall(0) = -EINVAL\n',
    line: 1,
    column: 15,
    message: "'-EINVAL' is no result: an errno is written after -1",
    expected: 'an errno result written strace style: = -1 EINVAL',
  },
  {
    name: '!= ERRNO in a set',
    source: 'mlockall(0) != {0, EPERM}\n',
    line: 1,
    column: 20,
    message: "'EPERM' is no result: an errno is written after -1",
    expected: 'an errno result written strace style: != -1 EPERM',
  },
  {
    name: 'unknown errno',
    source: 'mlockall(0) = -1 EINVALID\n',
    line: 1,
    column: 18,
    message: "unknown errno 'EINVALID'",
    expected:
      'an errno name: did you mean EINVAL? (EPERM ENOENT EINTR EBADF EAGAIN ENOMEM EACCES EFAULT EBUSY EEXIST ENODEV EINVAL ENFILE EMFILE ETXTBSY EFBIG ENOSYS EOVERFLOW EOPNOTSUPP EHWPOISON)',
  },
  {
    name: 'unknown signal',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nread(a) = SIGSTOP\n',
    line: 2,
    column: 11,
    message: "unknown signal 'SIGSTOP'",
    expected: 'SIGSEGV, SIGBUS or SIGKILL',
  },
  {
    name: 'unknown injected fault',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ninject VM_FAULT_NOPAGE at a\nread(a)\n',
    line: 2,
    column: 8,
    message: "unknown fault 'VM_FAULT_NOPAGE'",
    expected:
      'inject FAULT at ADDRESS, FAULT one of VM_FAULT_OOM, VM_FAULT_SIGBUS, VM_FAULT_RETRY, VM_FAULT_RETRY_FOREVER, VM_FAULT_HWPOISON',
  },
  {
    name: 'inject without its call',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ninject VM_FAULT_OOM at a\ncheck pages(a, 1P) = "."\n',
    line: 3,
    column: 1,
    message: "unexpected 'check'",
    expected: 'the call the inject lines above apply to, such as mlock(a, 4P)',
  },
  {
    name: 'wrong arity mmap',
    source: 'a = mmap(NULL, 4P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1)\n',
    line: 1,
    column: 5,
    message: 'mmap takes 6 arguments, got 5',
    expected: 'mmap(addr, length, prot, flags, fd, offset)',
  },
  {
    name: 'wrong arity munlockall',
    source: 'munlockall(0)\n',
    line: 1,
    column: 1,
    message: 'munlockall takes 0 arguments, got 1',
    expected: 'munlockall()',
  },
  {
    name: 'wrong arity mremap',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nb = mremap(a, 1P, 2P)\n',
    line: 2,
    column: 5,
    message: 'mremap takes 4 or 5 arguments, got 3',
    expected: 'mremap(old_address, old_size, new_size, flags, [new_address])',
  },
  {
    name: 'check with unknown observable',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck locked(a) = 1\n',
    line: 2,
    column: 7,
    message: "unknown observable 'locked'",
    expected:
      'an observable: pages(ADDR, LEN), vmflags(ADDR), vma(ADDR), vmas(ADDR, LEN), page(ADDR), VmLck, AnonHugePages, VmData, Mlocked, Unevictable or def_flags',
  },
  {
    name: 'observable with wrong arity',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck pages(a) = "L"\n',
    line: 2,
    column: 7,
    message: 'pages takes 2 arguments, got 1',
    expected: 'pages(ADDR, LEN)',
  },
  {
    name: 'has with no mnemonics',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck vmflags(a) has\n',
    line: 2,
    column: 21,
    message: 'unexpected end of line',
    expected: "at least one VmFlags mnemonic after 'has' (lo, lf, ...)",
  },
  {
    name: 'bad mnemonic',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck vmflags(a) has lo LF\n',
    line: 2,
    column: 25,
    message: "bad VmFlags mnemonic 'LF'",
    expected: 'a two-letter mnemonic as /proc/self/smaps prints it (lo, lf, io, pf)',
  },
  {
    name: 'bad pattern char',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck pages(a, 4P) = "LLxL"\n',
    line: 2,
    column: 25,
    message: "bad page letter 'x'",
    expected: "a page letter ('.', 'z', 'p', 'L'), '?' or a class such as [pz]",
  },
  {
    name: 'unclosed pattern class',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck pages(a, 4P) = "L[pz"\n',
    line: 2,
    column: 24,
    message: "unclosed '[' in page pattern",
    expected: "']' closing the class",
  },
  {
    name: 'bad extent a ..',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck vma(a) = a ..\n',
    line: 2,
    column: 20,
    message: 'unexpected end of line',
    expected: "an expression (a number such as 4P, a name, or '(') for the end of the extent",
  },
  {
    name: 'extent without ..',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck vma(a) = a + 4P\n',
    line: 2,
    column: 22,
    message: 'unexpected end of line',
    expected: "'..' between the start and end of the extent (a + 0P .. a + 4P)",
  },
  {
    name: 'numeric op on pages',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck pages(a, 1P) < 3\n',
    line: 2,
    column: 20,
    message: "unexpected '<'",
    expected: "'=' or '!=' and a page pattern such as \"L.?[pz]\"",
  },
  {
    name: 'rlimit MEMLOCK garbage',
    source: 'rlimit MEMLOCK garbage\n',
    line: 1,
    column: 16,
    message: "unknown name 'garbage'",
    expected: 'a number of bytes (16P, 65536) or unlimited',
  },
  {
    name: 'rlimit without value',
    source: 'rlimit MEMLOCK\n',
    line: 1,
    column: 15,
    message: 'unexpected end of line',
    expected: 'a number of bytes (16P, 65536) or unlimited',
  },
  {
    name: 'rlimit other resource',
    source: 'rlimit STACK 4P\n',
    line: 1,
    column: 8,
    message: "unexpected 'STACK'",
    expected: 'MEMLOCK or DATA (the resource limits a trace sets)',
  },
  {
    name: 'rlimit DATA twice',
    source: 'rlimit DATA 4P\nrlimit MEMLOCK 4P\nrlimit DATA 8P\n',
    line: 3,
    column: 1,
    message: "second 'rlimit' directive",
    expected: "one 'rlimit' directive a trace",
  },
  {
    name: 'rlimit DATA negative',
    source: 'rlimit DATA -1\n',
    line: 1,
    column: 13,
    message: 'RLIMIT_DATA of -1 bytes is negative',
    expected: 'a number of bytes (16P, 65536) or unlimited',
  },
  {
    name: 'setrlimit of a resource the model does not keep',
    source: 'setrlimit(RLIMIT_DATA + 1, 0)\n',
    line: 1,
    column: 11,
    message: 'setrlimit of a resource the model does not keep',
    expected: 'RLIMIT_MEMLOCK or RLIMIT_DATA',
  },
  {
    name: 'capset of a capability the model does not keep',
    source: 'capset(24, 0)\n',
    line: 1,
    column: 8,
    message: 'capset of a capability the model does not keep',
    expected: 'CAP_IPC_LOCK',
  },
  {
    name: 'setrlimit without a limit',
    source: 'setrlimit(RLIMIT_MEMLOCK)\n',
    line: 1,
    column: 1,
    message: 'setrlimit takes 2 arguments, got 1',
    expected: 'setrlimit(resource, limit)',
  },
  {
    name: 'cap CAP_IPC_LOCK maybe',
    source: 'cap CAP_IPC_LOCK maybe\n',
    line: 1,
    column: 18,
    message: "unexpected 'maybe'",
    expected: "'on' or 'off'",
  },
  {
    name: 'thp maybe',
    source: 'thp madvise\n',
    line: 1,
    column: 5,
    message: "unexpected 'madvise'",
    expected: "'on' or 'off'",
  },
  {
    name: 'second thp directive',
    source: 'thp on\nthp off\n',
    line: 2,
    column: 1,
    message: "second 'thp' directive",
    expected: "one 'thp' directive a trace",
  },
  {
    name: 'unknown directive',
    source: 'limit MEMLOCK 4P\n',
    line: 1,
    column: 1,
    message: "unknown statement or directive 'limit'",
    expected:
      'a statement: a call such as mlock(a, 1P), NAME = call(...), check ..., fork { or thread NAME {, or a directive (model, rlimit, cap, thp)',
  },
  {
    name: 'model without name',
    source: 'model\n',
    line: 1,
    column: 6,
    message: 'unexpected end of line',
    expected: 'a model name such as linux-6.18',
  },
  {
    name: 'second model directive',
    source: 'model linux-6.18\nmodel linux-6.1\n',
    line: 2,
    column: 1,
    message: "second 'model' directive",
    expected: "one 'model' directive a trace",
  },
  {
    name: 'existing(42)',
    source: 'v = existing(42)\n',
    line: 1,
    column: 14,
    message: 'existing takes the name of a mapping in quotes',
    expected: 'a mapping name in quotes: existing("[vvar]"), "[vdso]", "[stack]" or "[heap]"',
  },
  {
    name: 'string as a number',
    source: 'mlockall("MCL_CURRENT")\n',
    line: 1,
    column: 10,
    message: 'a string is not a number',
    expected: 'a number, a flag or a region name (strings only name mappings: existing("[vvar]"))',
  },
  {
    name: 'binding a call that returns nothing',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nx = mlock(a, 1P)\n',
    line: 2,
    column: 1,
    message: 'mlock returns nothing to bind',
    expected:
      'a call without a name: only mmap, mremap, existing, brk, tmpfile, fusefile and memfd_secret bind one',
  },
  {
    name: 'binding a constant',
    source: 'MAP_SHARED = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n',
    line: 1,
    column: 1,
    message: "'MAP_SHARED' is a constant and cannot name a region",
    expected: 'a new name such as a, b or buf',
  },
  {
    name: 'unexpected character',
    source: 'mlockall(MCL_CURRENT @ 1)\n',
    line: 1,
    column: 22,
    message: "unexpected character '@'",
    expected: 'a name, a number, a string or an operator',
  },
  {
    name: 'statement after fork {',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nfork { mlock(a, 1P) }\n',
    line: 2,
    column: 8,
    message: "unexpected 'mlock'",
    expected: "end of line after '{' (one statement a line)",
  },
  {
    name: 'directive inside fork',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nfork {\n  cap CAP_IPC_LOCK off\n}\n',
    line: 3,
    column: 3,
    message: "directive 'cap' inside a fork block",
    expected: 'directives (model, rlimit, cap, thp) before the first statement',
  },
  {
    name: 'missing operand',
    source:
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nmlock(a +, 1P)\n',
    line: 2,
    column: 10,
    message: "unexpected ','",
    expected: "an expression (a number such as 4P, a name, or '(')",
  },
  {
    name: 'call without parens',
    source: 'munlockall\n',
    line: 1,
    column: 11,
    message: 'unexpected end of line',
    expected: "'(' after 'munlockall'",
  },
  {
    name: 'pages pattern of the wrong length',
    source:
      'a = mmap(NULL, 4P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck pages(a, 4P) = "LL"\n',
    line: 2,
    column: 22,
    message:
      'the pattern has 2 letters, but pages(a, 4P) reads 4 pages (5 from an address not page-aligned)',
    expected: 'a pattern of 4 letters, one a page',
  },
  {
    name: 'pages pattern of the wrong length in an on clause',
    source:
      'a = mmap(NULL, 4P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck pages(a, 4096) = "L" on linux-5.10 = "LLL"\n',
    line: 2,
    column: 44,
    message:
      'the pattern has 3 letters, but pages(a, 4096) reads 1 page (2 from an address not page-aligned)',
    expected: 'a pattern of 1 letter, one a page',
  },
];
