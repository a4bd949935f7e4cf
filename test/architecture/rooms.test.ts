// The lint keeps the rooms of ARCHITECTURE.md apart: an import against the direction of the
// rooms, or into another folder's `_internals/`, fails `npm run lint`. Each case lints one
// line of code as if it were a file of the room, with only the room rules on.

import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { ROOMS, ROOM_IMPORTS, roomRules } from '../../rooms.config.js';

const root = new URL('../..', import.meta.url).pathname;

async function lint(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    baseConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, roomRules],
  });
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('the rooms (eslint-plugin-boundaries and no-restricted-imports)', () => {
  it('refuses an import from a lower room of a higher one', async () => {
    const messages = await lint(
      'src/uapi/violation.ts',
      "import { step } from '../kernel/step.js';",
    );
    expect(messages).toEqual(['the room uapi may not import the room kernel (ARCHITECTURE.md)']);
  });

  it('refuses the simulator core knowing the model registry', async () => {
    const messages = await lint(
      'src/kernel/violation.ts',
      "import { getModel } from '../../models/registry.js';",
    );
    expect(messages).toEqual(['the room kernel may not import the room models (ARCHITECTURE.md)']);
  });

  it('refuses the command line importing proofs', async () => {
    const messages = await lint(
      'src/cli/violation.ts',
      "import { CLAIMS } from '../../proofs/claims.js';",
    );
    expect(messages).toEqual(['the room cli may not import the room proofs (ARCHITECTURE.md)']);
  });

  it("refuses another folder's _internals, and allows the owner's", async () => {
    const outside = await lint(
      'src/cli/violation.ts',
      "import { layoutOf } from '../check/_internals/layout.js';",
    );
    expect(outside).toEqual([
      expect.stringContaining(
        'private: an _internals/ folder is imported only from inside its owner',
      ),
    ]);
    expect(
      await lint('src/check/fine.ts', "import { layoutOf } from './_internals/layout.js';"),
    ).toEqual([]);
  });

  it('allows an import down the rooms', async () => {
    expect(await lint('src/check/fine.ts', "import { step } from '../kernel/step.js';")).toEqual(
      [],
    );
  });

  it('has no cycle: the allowed imports order the rooms', () => {
    const order = ROOMS.map((r) => r.room);
    for (const room of order)
      for (const below of ROOM_IMPORTS[room] ?? [])
        expect(order.indexOf(below), `${room} -> ${below}`).toBeLessThan(order.indexOf(room));
  });

  it('ARCHITECTURE.md states the same table', () => {
    const page = readFileSync(`${root}ARCHITECTURE.md`, 'utf8');
    const table = page.slice(
      page.indexOf('## Who may import whom'),
      page.indexOf('## How data flows'),
    );
    const rows: Record<string, string[]> = {};
    for (const [, room = '', list = ''] of table.matchAll(/^\| (\w+) \| ([^|]+) \|$/gm))
      if (room !== 'room')
        rows[room] = list.trim() === '–' ? [] : list.split(', ').map((r) => r.trim());
    const expected = Object.fromEntries(
      ROOMS.map(({ room }) => [room, [...(ROOM_IMPORTS[room] ?? [])]]),
    );
    expect(rows).toEqual(expected);
  });
});
