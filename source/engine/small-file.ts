import fs from 'node:fs';

/** An answers file is a few kilobytes of JSON; a megabyte is already far more than any farm needs. */
export const ANSWERS_FILE_MAX_BYTES = 1024 * 1024;

/** The text of a small regular file, or why it is not one ("<file> is " + refusal). */
export type SmallFileOutcome = { text: string } | { refusal: string };

function kindOf(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'a special file';
}

function tooLarge(maxBytes: number): string {
  return `larger than ${maxBytes} bytes`;
}

/**
 * Reads a file given by the user that must be small: refuses a device, FIFO, socket or directory
 * without reading it (a path such as /dev/zero or a pipe would otherwise be read forever or block),
 * and reads at most maxBytes + 1 bytes. The path is looked at before it is opened, so a device is
 * never opened; the descriptor is opened non-blocking and looked at again, so a path swapped in
 * between is caught too. Errors of the file system (ENOENT, EACCES) are thrown to the caller.
 */
export function readSmallFile(file: string, maxBytes: number): SmallFileOutcome {
  const kind = kindOf(fs.statSync(file));
  if (kind) return { refusal: `${kind}, not a file` };
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  try {
    const stat = fs.fstatSync(fd);
    const kindNow = kindOf(stat);
    if (kindNow) return { refusal: `${kindNow}, not a file` };
    if (stat.size > maxBytes) return { refusal: tooLarge(maxBytes) };
    // /proc-like files report size 0: the read itself is bounded too.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) return { refusal: tooLarge(maxBytes) };
    return { text: buffer.subarray(0, length).toString('utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

/** The same, for a caller that reports any failure as one sentence: throws an Error saying why. */
export function readSmallFileOrThrow(file: string, maxBytes: number): string {
  const outcome = readSmallFile(file, maxBytes);
  if ('refusal' in outcome) throw new Error(`it is ${outcome.refusal}`);
  return outcome.text;
}
