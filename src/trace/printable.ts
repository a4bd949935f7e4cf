// Text from the user (a trace line, a file name, an argument) echoed in a diagnostic: control
// characters are shown as escapes, so binary garbage cannot move the cursor, ring the bell or
// change the colours of the terminal that reads the error.

// C0 controls but tab, DEL, C1 controls, and the line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `text` with each control character written `\xNN` (`\u2028` beyond 0xff); tabs kept. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** What a terminal progress line writes to redraw itself: kept as is by printableWriter. */
const REDRAW = '\r\x1b[K';

/**
 * A writer that passes `write(text)` on with control characters escaped, keeping line ends
 * (`\n`, `\r\n`) and the progress lines' redraw sequence; `isTTY` is passed through.
 */
export function printableWriter<W extends { write(text: string): unknown }>(
  writer: W,
): { write(text: string): unknown; readonly isTTY?: boolean } {
  const isTTY = 'isTTY' in writer && writer.isTTY === true;
  return {
    isTTY,
    write: (text: string) =>
      writer.write(
        text
          .split(REDRAW)
          // Line ends stay as written: CSV's CRLF (RFC 4180) as much as a plain newline.
          .map((part) =>
            part
              .split(/(\r?\n)/)
              .map((piece, i) => (i % 2 === 1 ? piece : printable(piece)))
              .join(''),
          )
          .join(REDRAW),
      ),
  };
}
