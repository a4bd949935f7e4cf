// Every truth table mmspec generates, by name.

import { errnoOrder } from './catalog/errnoOrder.js';
import { fork } from './catalog/fork.js';
import { lockFlagsTables } from './catalog/lockFlags.js';
import { madvisePopulate } from './catalog/madvisePopulate.js';
import { mlockallOrder } from './catalog/mlockallOrder.js';
import { mmapLock } from './catalog/mmapLock.js';
import { rlimit } from './catalog/rlimit.js';
import type { TableSpec } from './tableSpec.js';

export const TABLES: readonly TableSpec[] = [
  mmapLock,
  ...lockFlagsTables,
  mlockallOrder,
  madvisePopulate,
  errnoOrder,
  rlimit,
  fork,
];

export function findTable(name: string): TableSpec | undefined {
  return TABLES.find((t) => t.name === name);
}

export const TABLE_NAMES: readonly string[] = TABLES.map((t) => t.name);
