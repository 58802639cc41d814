/**
 * The run's private temporary directory, `<state>/tmp` (mode 0700): the Ant secrets files and
 * the keytool bundles live there while a command reads them. Each user removes its own file when
 * done; a run killed with -9 cannot, so every run empties the directory when it takes the state
 * directory's lock (before any step) and again when it lets it go.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function temporaryDirOf(stateDir: string): string {
  return path.join(stateDir, 'tmp');
}

/** The directory, made if needed and (re)set to mode 0700 whatever made it before. */
export function ensureTemporaryDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

function removeAll(dir: string, keep: (name: string) => boolean = () => false): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  const removed = names.filter((name) => !keep(name));
  for (const name of removed) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  return removed.length;
}

/**
 * Removes what earlier runs left: everything in `<state>/tmp`, and the secrets files earlier
 * versions of the wizard kept beside each node's Ant copy (`<state>/ant/<node>/secrets-*`).
 * Returns how many were removed. Only while holding the lock: a live run's files are there.
 */
export function sweepTemporaryFiles(stateDir: string): number {
  let removed = removeAll(temporaryDirOf(stateDir));
  const antDir = path.join(stateDir, 'ant');
  let nodes: string[] = [];
  try {
    nodes = fs.readdirSync(antDir);
  } catch {
    // no Ant copies yet
  }
  for (const node of nodes) removed += removeAll(path.join(antDir, node), (name) => !/^secrets-.*\.properties$/.test(name));
  return removed;
}

let current: string | undefined;

/**
 * Where an adapter makes a temporary file or directory: the run's `<state>/tmp` while a run holds
 * its state directory in this process, else the system's (a command run outside the wizard's runs).
 */
export function temporaryParent(): string {
  return current ? ensureTemporaryDir(current) : os.tmpdir();
}

/**
 * Called with the state directory's lock just taken: sweeps, makes `<state>/tmp` the run's, and
 * returns the lock's release wrapped so that it sweeps again first.
 */
export function holdTemporaryFiles(stateDir: string, release: () => void, notice: (message: string) => void): () => void {
  const left = sweepTemporaryFiles(stateDir);
  if (left) notice(`Removed ${left} temporary file${left === 1 ? '' : 's'} (secrets or keystore bundles) left in ${stateDir} by an interrupted run`);
  current = ensureTemporaryDir(temporaryDirOf(stateDir));
  return () => {
    try {
      sweepTemporaryFiles(stateDir);
    } finally {
      current = undefined;
      release();
    }
  };
}
