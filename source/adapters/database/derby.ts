/**
 * Derby: embedded, no server, no user. The PMF Ant task creates the database itself in the
 * data directory it is given; this makes sure that directory is there and writable. One
 * Liberty server only: a farm cannot share an embedded database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { canAccess, nearestExisting, statOf } from '../file-access.js';
import { dbError } from './failure.js';

export interface DataDirCheck {
  ok: boolean;
  detail: string;
  /** Why it cannot be used, when it cannot. */
  problem?: 'data-dir-relative' | 'data-dir-unusable';
}

const writable = (dir: string) => canAccess(dir, fs.constants.W_OK | fs.constants.X_OK);

/** Whether Derby can create its database in dir; with allowMissing, whether dir can be created. */
export function checkDataDir(dir: string, options: { allowMissing?: boolean } = {}): DataDirCheck {
  const unusable = (detail: string): DataDirCheck => ({ ok: false, detail, problem: 'data-dir-unusable' });
  if (!path.isAbsolute(dir)) return { ok: false, detail: `Derby data directory ${dir} is not an absolute path`, problem: 'data-dir-relative' };
  const stat = statOf(dir);
  if (stat) {
    if (!stat.isDirectory()) return unusable(`Derby data directory ${dir} exists but is not a directory`);
    if (!writable(dir)) return unusable(`Derby data directory ${dir} is not writable`);
    return { ok: true, detail: `Derby data directory ${dir} exists and is writable` };
  }
  if (!options.allowMissing) return unusable(`Derby data directory ${dir} does not exist`);
  const parent = nearestExisting(dir);
  if (!statOf(parent)?.isDirectory() || !writable(parent)) return unusable(`Derby data directory ${dir} cannot be created: ${parent} is not writable`);
  return { ok: true, detail: `Derby data directory ${dir} will be created` };
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
    const kind = checkDataDir(dir, { allowMissing: true }).problem ?? 'data-dir-unusable';
    throw dbError(kind, `Cannot use the Derby data directory ${dir}: ${(error as Error).message}`, {
      fix: `Use a directory the user running the wizard and Liberty can write, or create it: mkdir -p ${dir}`,
    });
  }
  return { created };
}

/** What Derby itself writes in a database's directory. */
const DERBY_ENTRIES = new Set(['service.properties', 'seg0', 'log', 'tmp', 'jar', 'db.lck', 'dbex.lck', 'README_DO_NOT_TOUCH_FILES.txt']);

/**
 * A database directory left by a creation that was interrupted (killed or stopped before Derby
 * wrote service.properties) is removed: Derby refuses to create a database where its directory
 * exists ("Directory … already exists") and cannot boot one without service.properties. A
 * directory holding anything Derby does not write is left alone and refused.
 */
export function clearInterruptedCreation(databaseDir: string): 'cleared' | 'none' {
  if (!fs.existsSync(databaseDir) || fs.existsSync(path.join(databaseDir, 'service.properties'))) return 'none';
  const foreign = fs.readdirSync(databaseDir).filter((name) => !DERBY_ENTRIES.has(name));
  if (foreign.length) {
    throw dbError('data-dir-unusable', `${databaseDir} is in the way of the Derby database: it is not one (no service.properties) and holds ${foreign.slice(0, 3).join(', ')}`, {
      fix: `Move ${databaseDir} away (Derby creates the database there), then run again.`,
    });
  }
  fs.rmSync(databaseDir, { recursive: true, force: true });
  return 'cleared';
}
