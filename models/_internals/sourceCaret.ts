// A model file's error as the compiler prints one: where it is, the line, a caret under it.

/**
 * `file:3:5: error: message`, then line 3 of `source` and a caret under `width` characters
 * from column 5 (1-based, cut at the line's end).
 */
export function sourceCaret(
  file: string,
  source: string,
  line: number,
  column: number,
  width: number,
  message: string,
): string {
  const lineText = source.split('\n')[line - 1] ?? '';
  const carets = Math.max(1, Math.min(width, lineText.length - column + 1));
  const gutter = String(line).length;
  return [
    `${file}:${line}:${column}: error: ${message}`,
    ` ${line} | ${lineText}`,
    ` ${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, column - 1))}${'^'.repeat(carets)}`,
  ].join('\n');
}
