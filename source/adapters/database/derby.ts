/**
 * Derby: embedded, no server, no user. The PMF Ant task creates the database itself in the
 * data directory (database.derby.datadir); the wizard makes sure that directory is there and
 * writable. One Liberty server only: validate() rejects Derby with more than one node.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StepFailure } from '../../engine/errors.js';
import { canAccess, nearestExisting, statOf } from '../file-access.js';

export interface DataDirCheck {
  ok: boolean;
  detail: string;
  fix: string;
}

const writable = (dir: string) => canAccess(dir, fs.constants.W_OK | fs.constants.X_OK);

/** Whether Derby can create its database in dir; with allowMissing, whether dir can be created. */
export function checkDataDir(dir: string, options: { allowMissing?: boolean } = {}): DataDirCheck {
  const fix = `Set database.dataDir to a directory the user running the wizard and Liberty can write, or create it: mkdir -p ${dir}`;
  if (!path.isAbsolute(dir)) return { ok: false, detail: `Derby data directory ${dir} is not an absolute path`, fix: 'Give an absolute path.' };
  const stat = statOf(dir);
  if (stat) {
    if (!stat.isDirectory()) return { ok: false, detail: `Derby data directory ${dir} exists but is not a directory`, fix };
    if (!writable(dir)) return { ok: false, detail: `Derby data directory ${dir} is not writable`, fix };
    return { ok: true, detail: `Derby data directory ${dir} exists and is writable`, fix };
  }
  if (!options.allowMissing) return { ok: false, detail: `Derby data directory ${dir} does not exist`, fix };
  const parent = nearestExisting(dir);
  if (!statOf(parent)?.isDirectory() || !writable(parent)) {
    return { ok: false, detail: `Derby data directory ${dir} cannot be created: ${parent} is not writable`, fix };
  }
  return { ok: true, detail: `Derby data directory ${dir} will be created`, fix };
}

/** Creates the directory when missing and proves it is writable by writing a file in it. */
export function prepareDataDir(dir: string): { created: boolean } {
  const created = !fs.existsSync(dir);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o750 });
    const probe = path.join(dir, `.pmf-wizard-probe-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
  } catch (error) {
    const check = checkDataDir(dir, { allowMissing: true });
    throw new StepFailure(`Cannot use the Derby data directory ${dir}: ${(error as Error).message}`, check.fix);
  }
  return { created };
}
