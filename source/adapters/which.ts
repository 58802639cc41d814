import fs from 'node:fs';
import path from 'node:path';
import { isFileWith } from './file-access.js';

const isExecutable = (file: string) => isFileWith(file, fs.constants.X_OK);

/** A command as the shell would find it on PATH, else the first executable fallback path. */
export function findCommand(name: string, fallbacks: Array<string | undefined> = [], searchPath = process.env.PATH): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return fallbacks.find((file): file is string => file !== undefined && isExecutable(file));
}
