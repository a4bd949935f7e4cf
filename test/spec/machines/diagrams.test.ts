// The committed diagrams are what the machines draw today (regenerate: mmspec graph).

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  DIAGRAM_EXTENSION,
  DIAGRAM_FORMATS,
  DIAGRAM_MACHINES,
} from '../../../src/graph/diagram/diagramMachines.js';
import { renderDiagram } from '../../../src/graph/diagram/renderDiagram.js';

describe('spec/machines/diagrams', () => {
  for (const machine of Object.keys(DIAGRAM_MACHINES)) {
    for (const format of DIAGRAM_FORMATS) {
      const file = `spec/machines/diagrams/${machine}.${DIAGRAM_EXTENSION[format]}`;
      it(`${file} is fresh (mmspec graph --machine ${machine} --format ${format} > ${file})`, async () => {
        expect(await readFile(file, 'utf8')).toBe(await renderDiagram(machine, format));
      });
    }
  }
});
