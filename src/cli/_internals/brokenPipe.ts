// `mmspec run ... | head -2`: when the reader of stdout (or stderr) goes away, writing fails
// with EPIPE, emitted as an 'error' event that would end Node with a stack trace. The
// command ends quietly instead, with the status of a process killed by SIGPIPE (128 + 13), as
// a C program writing to a closed pipe ends.

const SIGPIPE_STATUS = 141;

/** Makes EPIPE on the process's own stdout and stderr end the process quietly. */
export function endQuietlyOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listeners('error').includes(onError)) continue;
    stream.on('error', onError);
  }
}

function onError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(SIGPIPE_STATUS);
  throw error;
}
