import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../engine/atomic-write.js';

/**
 * A small file in a directory the wizard installs into, naming the state directory whose runs
 * own it: a run from another state directory must not take it over (nor advise removing it).
 * It holds no secret, so it is world-readable.
 */
export const OWNER_MARKER = '.pmf-wizard-owner';

export interface OwnerMarker {
  /** The absolute state directory (--state) of the run that marked the directory. */
  stateDir: string;
  /** When it was marked (ISO 8601). */
  since: string;
}

export function ownerMarkerFile(dir: string): string {
  return path.join(dir, OWNER_MARKER);
}

/** The marker of dir, or undefined when it has none (or one this module did not write). */
export function readOwnerMarker(dir: string): OwnerMarker | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(ownerMarkerFile(dir), 'utf8'));
  } catch {
    return undefined;
  }
  const { stateDir, since } = (parsed ?? {}) as Partial<Record<keyof OwnerMarker, unknown>>;
  if (typeof stateDir !== 'string' || !path.isAbsolute(stateDir)) return undefined;
  return { stateDir, since: typeof since === 'string' ? since : '' };
}

/** Marks dir (which must exist) as owned by stateDir, replacing any earlier marker at once. */
export function writeOwnerMarker(dir: string, stateDir: string, now = new Date()): void {
  const marker: OwnerMarker = { stateDir: path.resolve(stateDir), since: now.toISOString() };
  writeFileAtomic(ownerMarkerFile(dir), `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o644 });
}

/** The real path of dir, or of its nearest existing parent joined with the rest: it may not exist yet. */
function realPath(dir: string): string {
  const absolute = path.resolve(dir);
  try {
    return fs.realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realPath(parent), path.basename(absolute));
  }
}

/** Whether two paths name the same directory, through symbolic links (/tmp and its target). */
export function sameDirectory(a: string, b: string): boolean {
  return realPath(a) === realPath(b);
}
