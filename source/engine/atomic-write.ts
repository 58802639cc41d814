import fs from 'node:fs';
import path from 'node:path';
import { systemErrorOf } from './system-cause.js';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0644; 0600 for anything holding a secret). */
  mode?: number;
  /** fsync the file and its directory: for the checkpoint, which must survive a power cut. */
  durable?: boolean;
}

/**
 * Writes a file so that a reader (or a crash) sees the old content or the new, never a mix:
 * a temp file beside it, then rename. The one way every module writes a file it replaces.
 * A full disk, a read-only file system or a missing permission is reported naming the file.
 */
export function writeFileAtomic(file: string, content: string | Buffer, options: AtomicWriteOptions = {}): void {
  try {
    replaceFile(file, content, options);
  } catch (error) {
    throw systemErrorOf(error, file) ?? error;
  }
}

function replaceFile(file: string, content: string | Buffer, options: AtomicWriteOptions): void {
  const temp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const fd = fs.openSync(temp, 'w', options.mode ?? 0o644);
  try {
    fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    if (options.durable) fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  // openSync's mode is masked by the umask; a secret file must be exactly what was asked.
  if (options.mode !== undefined) fs.chmodSync(temp, options.mode);
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  if (options.durable) {
    const dirFd = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  }
}
