// A table cell as a trace: the statements that set the scene and make the call, and probes
// that read what the columns show (a call's result, a VMA's lock bits, the pages, VmLck,
// def_flags). The same script prints twice: as the Program the engines run (probes observe and
// expect nothing in particular) and, once run, as the trace that shows the cell, every probe
// stating the value seen, so `mmspec run` on that text re-checks the cell by hand.

export type Probe =
  /** the result of a call: `0`, `EINVAL`, `SIGBUS`, `ok` for a mapping made */
  | { readonly kind: 'result'; readonly column: string; readonly text: string }
  /** the lock bits (`lo`, `lf`) of the VMA holding `at`, or `none` when no VMA is there */
  | { readonly kind: 'lock'; readonly column: string; readonly at: string }
  /** one letter a page, as `check pages` reads them */
  | { readonly kind: 'pages'; readonly column: string; readonly at: string; readonly len: string }
  | { readonly kind: 'VmLck'; readonly column: string }
  | { readonly kind: 'def_flags'; readonly column: string };

/** A line of the script: `indent` is two spaces a fork level. */
export type CellLine = ({ readonly kind: 'stmt'; readonly text: string } | Probe) & {
  readonly indent: string;
};

/** What a cell needs of the process: the trace's directives. */
export interface CellSetup {
  /** RLIMIT_MEMLOCK as a trace writes it (`4P`, `0`); unlimited when absent. */
  readonly rlimit?: string;
  readonly capIpcLock?: boolean;
}

export class CellScript {
  private readonly body: CellLine[] = [];
  private setupValue: CellSetup = {};
  private indent = '';

  get lines(): readonly CellLine[] {
    return this.body;
  }

  get setup(): CellSetup {
    return this.setupValue;
  }

  with(setup: CellSetup): this {
    this.setupValue = { ...this.setupValue, ...setup };
    return this;
  }

  /** A statement whose result no column shows. */
  stmt(text: string): this {
    this.body.push({ kind: 'stmt', text, indent: this.indent });
    return this;
  }

  /** A call whose result is the column's value. */
  result(column: string, text: string): this {
    this.body.push({ kind: 'result', column, text, indent: this.indent });
    return this;
  }

  lock(column: string, at: string): this {
    this.body.push({ kind: 'lock', column, at, indent: this.indent });
    return this;
  }

  pages(column: string, at: string, len: string): this {
    this.body.push({ kind: 'pages', column, at, len, indent: this.indent });
    return this;
  }

  vmLck(column: string): this {
    this.body.push({ kind: 'VmLck', column, indent: this.indent });
    return this;
  }

  defFlags(column: string): this {
    this.body.push({ kind: 'def_flags', column, indent: this.indent });
    return this;
  }

  /** Statements added inside `body` run in a fork child. */
  fork(body: (s: this) => void): this {
    const outer = this.indent;
    this.stmt('fork {');
    this.indent = `${outer}  `;
    body(this);
    this.indent = outer;
    this.stmt('}');
    return this;
  }
}

export function cell(setup: CellSetup = {}): CellScript {
  return new CellScript().with(setup);
}
