// A path or model name as a command a trace's header tells the reader to run spells it.

/** Quoted for a POSIX shell when it holds anything but the usual characters of a path. */
export const shellWord = (s: string): string =>
  /^[\w./:+@%=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
