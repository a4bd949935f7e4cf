// A model given as a file that cannot be read, compiled or used (models/registry.ts).

/** A model file that cannot be read, compiled or used; the CLI prints it, exit status 2. */
export class ModelFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ModelFileError';
  }
}
