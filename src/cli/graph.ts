// `mmspec graph [--machine NAME] --format dot|mermaid|svg`: draws a statechart from its
// definition (every machine when --machine is not given).

import { Command } from '@commander-js/extra-typings';
import type { DiagramFormat } from '../graph/diagram/diagramMachines.js';
import { DIAGRAM_FORMATS, DIAGRAM_MACHINES } from '../graph/diagram/diagramMachines.js';
import { renderDiagram } from '../graph/diagram/renderDiagram.js';
import type { CliContext } from './_internals/io.js';
import { unknownName } from '../uapi/closest.js';

export function graphCommand(ctx: CliContext, done: (status: number) => void) {
  return new Command('graph')
    .description(`draw a statechart (${Object.keys(DIAGRAM_MACHINES).join(', ')})`)
    .option('--machine <name>', 'the machine to draw (default: all; svg draws one)')
    .option('--format <format>', DIAGRAM_FORMATS.join('|'), 'dot')
    .action(async (flags) => {
      if (!DIAGRAM_FORMATS.includes(flags.format as DiagramFormat)) {
        ctx.stderr.write(
          `mmspec graph: --format must be one of ${DIAGRAM_FORMATS.join(', ')}, got '${flags.format}'\n`,
        );
        return done(2);
      }
      if (flags.format === 'svg' && flags.machine === undefined) {
        // An SVG file holds one drawing: three documents in one stream would be no SVG at all.
        ctx.stderr.write(
          `mmspec graph: --format svg draws one machine: add --machine NAME (${Object.keys(DIAGRAM_MACHINES).join(', ')})\n`,
        );
        return done(2);
      }
      const names = flags.machine === undefined ? Object.keys(DIAGRAM_MACHINES) : [flags.machine];
      for (const name of names) {
        if (DIAGRAM_MACHINES[name] === undefined) {
          ctx.stderr.write(
            `mmspec graph: ${unknownName('machine', name, Object.keys(DIAGRAM_MACHINES))}\n`,
          );
          return done(2);
        }
        ctx.stdout.write(await renderDiagram(name, flags.format as DiagramFormat));
      }
      done(0);
    });
}
