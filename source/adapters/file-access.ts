import fs from 'node:fs';
import path from 'node:path';

/** The path's fs.Stats, or undefined when it does not exist or cannot be looked at. */
export function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** The nearest path that exists at or above `dir`. */
export function nearestExisting(dir: string): string {
  let current = path.resolve(dir);
  while (!fs.existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/** Whether this user has `mode` (fs.constants.R_OK, W_OK, X_OK, or several) on the path. */
export function canAccess(file: string, mode: number): boolean {
  try {
    fs.accessSync(file, mode);
    return true;
  } catch {
    return false;
  }
}

/** A regular file on which this user has `mode`. */
export function isFileWith(file: string, mode: number): boolean {
  return statOf(file)?.isFile() === true && canAccess(file, mode);
}
