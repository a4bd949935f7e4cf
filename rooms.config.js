// The rooms of mmspec, bottom up, which rooms each may import (ARCHITECTURE.md), and the lint
// rules that hold the code to it (eslint.config.js uses them; test/architecture shows them
// failing on a deliberate violation).

import boundaries from 'eslint-plugin-boundaries';

/** @type {readonly { room: string, pattern: string }[]} */
export const ROOMS = [
  { room: 'package', pattern: 'src/package' },
  { room: 'uapi', pattern: 'src/uapi' },
  { room: 'explore', pattern: 'src/explore' },
  { room: 'kernel', pattern: 'src/kernel' },
  { room: 'trace', pattern: 'src/trace' },
  { room: 'oracle', pattern: 'src/oracle' },
  { room: 'models', pattern: 'models' },
  { room: 'spec', pattern: 'spec' },
  { room: 'check', pattern: 'src/check' },
  { room: 'conform', pattern: 'src/conform' },
  { room: 'graph', pattern: 'src/graph' },
  { room: 'tables', pattern: 'src/tables' },
  { room: 'review', pattern: 'src/review' },
  { room: 'report', pattern: 'src/report' },
  { room: 'cli', pattern: 'src/cli' },
  { room: 'proofs', pattern: 'proofs' },
];

const BASE = ['uapi', 'kernel', 'trace'];
const MODELLED = [...BASE, 'package', 'oracle', 'models', 'spec'];

/** @type {Readonly<Record<string, readonly string[]>>} */
export const ROOM_IMPORTS = {
  package: [],
  uapi: [],
  explore: [],
  kernel: ['uapi'],
  trace: ['uapi'],
  oracle: ['uapi', 'trace', 'package'],
  models: ['uapi', 'kernel', 'package'],
  spec: ['uapi', 'kernel', 'trace'],
  check: [...MODELLED, 'explore'],
  conform: MODELLED,
  graph: MODELLED,
  tables: [...MODELLED, 'check'],
  review: [...MODELLED, 'explore', 'check'],
  report: [...MODELLED, 'explore', 'check', 'conform', 'graph', 'tables', 'review'],
  cli: [...MODELLED, 'explore', 'check', 'conform', 'graph', 'tables', 'review', 'report'],
  proofs: [...MODELLED, 'explore', 'check', 'conform', 'graph', 'tables', 'review'],
};

// The rooms of ARCHITECTURE.md: each imports only the rooms below it, and an `_internals/`
// folder only from inside its owner. A new import across the line fails the lint.
/** The lint of the rooms, for eslint.config.js. */
export const roomRules = {
  files: ['src/**/*.ts', 'models/**/*.ts', 'spec/**/*.ts', 'proofs/**/*.ts'],
  plugins: { boundaries },
  settings: {
    'boundaries/elements': ROOMS.map(({ room, pattern }) => ({ type: room, pattern })),
    'import/resolver': { typescript: { alwaysTryTypes: true } },
  },
  rules: {
    'boundaries/dependencies': [
      2,
      {
        default: 'disallow',
        policies: ROOMS.map(({ room }) => ({
          from: { element: { type: room } },
          allow: { to: { element: { types: { anyOf: [room, ...ROOM_IMPORTS[room]] } } } },
        })),
        message: 'the room {{from.type}} may not import the room {{to.type}} (ARCHITECTURE.md)',
      },
    ],
    // An `_internals/` folder belongs to the folder that holds it: only files inside that
    // folder reach it (`./_internals/x.js`, `../_internals/x.js`), never a path that first
    // names another folder (`../check/_internals/x.js`).
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^(?:\\.{1,2}/)*[^./][^/]*/(?:.*/)?_internals(?:/|$)',
            message: 'private: an _internals/ folder is imported only from inside its owner',
          },
        ],
      },
    ],
  },
};
