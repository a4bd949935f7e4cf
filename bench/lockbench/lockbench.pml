/* lockbench in Promela: the same system as lockbenchSystem.ts (see lockbench.md), for
   comparing the explorer with SPIN's compiled BFS verifier on the same state space.
     spin -DK=5 -DP=3 -a lockbench.pml && cc -O2 -DBFS -DSAFETY -DNOREDUCE -o pan pan.c && ./pan
   K slots (1..6), P pages (1..4). Each do-option is one d_step: one transition, self-loops
   included, as in lockbench.md. Counts: SPIN's "states, stored" and "transitions". */
#ifndef K
#define K 5
#endif
#ifndef P
#define P 3
#endif

#define UNMAPPED 0
#define NONE 1
#define LOCKED 2
#define ONFAULT 3
#define ABSENT 0
#define PRESENT 1
#define MLOCKED 2

byte mode[K];        /* per slot: UNMAPPED, NONE, LOCKED, ONFAULT */
byte pg[K * P];      /* per page: ABSENT, PRESENT, MLOCKED */
byte def;            /* def_flags: 0 none, 1 future, 2 future+onfault */
byte i, j, m, v; /* scratch: reset to 0 by every transition, so they add no state */

/* mlock, mlock2(MLOCK_ONFAULT), munlock of slot k (k mapped) */
#define MLOCK_SLOT(k)   mode[k] = LOCKED; for (i : 0 .. P-1) { pg[k*P+i] = MLOCKED }; i = 0
#define ONFAULT_SLOT(k) mode[k] = ONFAULT; for (i : 0 .. P-1) { if :: pg[k*P+i] == PRESENT -> pg[k*P+i] = MLOCKED :: else fi }; i = 0
#define MUNLOCK_SLOT(k) mode[k] = NONE; for (i : 0 .. P-1) { if :: pg[k*P+i] == MLOCKED -> pg[k*P+i] = PRESENT :: else fi }; i = 0

#define MMAP(k, f) \
  :: d_step { mode[k] == UNMAPPED -> \
       if :: ((f) & 1) || def == 1 -> m = LOCKED :: else -> if :: def == 2 -> m = ONFAULT :: else -> m = NONE fi fi; \
       if :: ((f) & 2) || m == LOCKED -> if :: m != NONE -> v = MLOCKED :: else -> v = PRESENT fi :: else -> v = ABSENT fi; \
       mode[k] = m; for (i : 0 .. P-1) { pg[k*P+i] = v }; i = 0; m = 0; v = 0 }

#define PAGE_CALLS(k, p) \
  :: d_step { mode[k] != UNMAPPED && pg[k*P+p] == ABSENT -> \
       if :: mode[k] == NONE -> pg[k*P+p] = PRESENT :: else -> pg[k*P+p] = MLOCKED fi } \
  :: d_step { pg[k*P+p] == PRESENT -> pg[k*P+p] = ABSENT }

#if P > 1
#define PAGES1(k) PAGE_CALLS(k, 1)
#else
#define PAGES1(k)
#endif
#if P > 2
#define PAGES2(k) PAGE_CALLS(k, 2)
#else
#define PAGES2(k)
#endif
#if P > 3
#define PAGES3(k) PAGE_CALLS(k, 3)
#else
#define PAGES3(k)
#endif

#define SLOT_CALLS(k) \
  MMAP(k, 0) MMAP(k, 1) MMAP(k, 2) MMAP(k, 3) \
  :: d_step { mode[k] != UNMAPPED -> mode[k] = UNMAPPED; for (i : 0 .. P-1) { pg[k*P+i] = ABSENT }; i = 0 } \
  :: d_step { mode[k] != UNMAPPED -> MLOCK_SLOT(k) } \
  :: d_step { mode[k] != UNMAPPED -> ONFAULT_SLOT(k) } \
  :: d_step { mode[k] != UNMAPPED -> MUNLOCK_SLOT(k) } \
  PAGE_CALLS(k, 0) PAGES1(k) PAGES2(k) PAGES3(k)

/* mlockall(flags) with MCL_CURRENT 1, MCL_FUTURE 2, MCL_ONFAULT 4 */
#define MLOCKALL(c, f, o) \
  :: d_step { true -> \
       if :: f && o -> def = 2 :: f && !o -> def = 1 :: else -> def = 0 fi; \
       if :: c -> for (j : 0 .. K-1) { if :: mode[j] != UNMAPPED -> \
              if :: o -> ONFAULT_SLOT(j) :: else -> MLOCK_SLOT(j) fi :: else fi } \
          :: else fi; j = 0 }

/* the invariants of lockbench.md, as one expression over slot k, page p */
#define PAGE_OK(k, p) ((mode[k] != NONE || pg[k*P+p] != MLOCKED) && (mode[k] != LOCKED || pg[k*P+p] != ABSENT))

active proctype lockbench()
{
  do
  SLOT_CALLS(0)
#if K > 1
  SLOT_CALLS(1)
#endif
#if K > 2
  SLOT_CALLS(2)
#endif
#if K > 3
  SLOT_CALLS(3)
#endif
#if K > 4
  SLOT_CALLS(4)
#endif
#if K > 5
  SLOT_CALLS(5)
#endif
  MLOCKALL(1, 0, 0) MLOCKALL(0, 1, 0) MLOCKALL(1, 1, 0)
  MLOCKALL(1, 0, 1) MLOCKALL(0, 1, 1) MLOCKALL(1, 1, 1)
  :: d_step { true -> def = 0; for (j : 0 .. K-1) { if :: mode[j] != UNMAPPED -> MUNLOCK_SLOT(j) :: else fi }; j = 0 }
  od
}

/* The invariants, evaluated once in every state: this monitor's only transition is enabled
   when one breaks, so it adds no state. */
#if P > 1
#define PAGE1_OK(k) && PAGE_OK(k, 1)
#else
#define PAGE1_OK(k)
#endif
#if P > 2
#define PAGE2_OK(k) && PAGE_OK(k, 2)
#else
#define PAGE2_OK(k)
#endif
#if P > 3
#define PAGE3_OK(k) && PAGE_OK(k, 3)
#else
#define PAGE3_OK(k)
#endif
#define SLOT_OK(k) (PAGE_OK(k, 0) PAGE1_OK(k) PAGE2_OK(k) PAGE3_OK(k))
#if K > 1
#define SLOT1_OK && SLOT_OK(1)
#else
#define SLOT1_OK
#endif
#if K > 2
#define SLOT2_OK && SLOT_OK(2)
#else
#define SLOT2_OK
#endif
#if K > 3
#define SLOT3_OK && SLOT_OK(3)
#else
#define SLOT3_OK
#endif
#if K > 4
#define SLOT4_OK && SLOT_OK(4)
#else
#define SLOT4_OK
#endif
#if K > 5
#define SLOT5_OK && SLOT_OK(5)
#else
#define SLOT5_OK
#endif

active proctype invariants()
{
  !(SLOT_OK(0) SLOT1_OK SLOT2_OK SLOT3_OK SLOT4_OK SLOT5_OK) -> assert(false)
}
