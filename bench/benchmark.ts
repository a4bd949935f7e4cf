// What bench/main.ts dispatches to: a named benchmark that parses its own arguments and
// returns its figures, both as one JSON object and as a readable line.

export interface BenchOutcome {
  /** Printed as one JSON object with --json. */
  readonly figures: Readonly<Record<string, number>>;
  /** Printed without --json. */
  readonly text: string;
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  /** Argument help, e.g. `--regions K --pages P [--workers N]`. */
  readonly usage: string;
  /** Minutes rather than seconds: run only when named, not by a bare `npm run bench`. */
  readonly slow?: boolean;
  /** `args` are the arguments after the benchmark's name, --json removed; [] = default sizes. */
  run(args: readonly string[], signal: AbortSignal): Promise<BenchOutcome>;
}
