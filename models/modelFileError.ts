// A model given as a file that cannot be read, compiled or used (models/registry.ts).

/** A model file that cannot be read, compiled or used; the CLI prints it, exit status 2. */
export class ModelFileError extends Error {
  /** `located`: the message already starts with file:line:column (a type error). */
  constructor(
    readonly file: string,
    message: string,
    located = false,
  ) {
    super(located ? message : `${file}: ${message}`);
    this.name = 'ModelFileError';
  }
}
