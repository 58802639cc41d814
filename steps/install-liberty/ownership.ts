import fs from 'node:fs';
import { ownerMarkerFile, readOwnerMarker, sameDirectory, writeOwnerMarker } from '../../source/adapters/owner-marker.js';
import { checkpointPath } from '../../source/engine/checkpoint.js';
import { StepFailure, type FieldProblem } from '../../source/engine/errors.js';
import type { StepContext } from '../../source/engine/step.js';
import { installAnswersOf } from '../../source/farm/answers.js';

/**
 * The Liberty install directory and user directory belong to the state directory that installed
 * them: two runs with different --state on one Liberty would each take the other's work for a
 * stranger's (and advise removing it). A marker in each directory names its state directory.
 */

export type OwnedField = 'liberty.installDir' | 'liberty.userDir';

/** A directory the step installs into, with the question that names it. */
export interface OwnedDirectory {
  field: OwnedField;
  dir: string;
}

export type Ownership =
  | { kind: 'ours' }
  | { kind: 'unmarked' }
  /** Marked by a state directory that no longer holds a run (no checkpoint.json): this run adopts it. */
  | { kind: 'abandoned'; stateDir: string }
  | { kind: 'other'; stateDir: string };

/** The install directory, and the user directory when it is answered (by default it is inside the install directory). */
export function ownedDirectories(ctx: Pick<StepContext, 'answers'>): OwnedDirectory[] {
  const { liberty } = installAnswersOf(ctx);
  const dirs: OwnedDirectory[] = [{ field: 'liberty.installDir', dir: liberty.installDir }];
  if (liberty.userDir !== undefined) dirs.push({ field: 'liberty.userDir', dir: liberty.userDir });
  return dirs;
}

export function ownershipOf(dir: string, stateDir: string): Ownership {
  const marker = readOwnerMarker(dir);
  if (!marker) return { kind: 'unmarked' };
  if (sameDirectory(marker.stateDir, stateDir)) return { kind: 'ours' };
  return fs.existsSync(checkpointPath(marker.stateDir)) ? { kind: 'other', stateDir: marker.stateDir } : { kind: 'abandoned', stateDir: marker.stateDir };
}

function ownedByAnother(dir: string, owner: string): string {
  return `${dir} belongs to the wizard run whose state directory is ${owner} (${ownerMarkerFile(dir)} names it, and its checkpoint.json exists)`;
}

function continueThatRun(field: OwnedField, owner: string): string {
  return `Continue that run with \`--resume --state ${owner}\` (or run with \`--state ${owner}\`), or choose another ${field}.`;
}

/** Every answered directory another run's state directory owns: exit 2 before anything changes. */
export function ownerProblems(ctx: Pick<StepContext, 'answers' | 'stateDir'>): FieldProblem[] {
  return ownedDirectories(ctx).flatMap(({ field, dir }) => {
    const ownership = ownershipOf(dir, ctx.stateDir);
    return ownership.kind === 'other' ? [{ path: field, message: ownedByAnother(dir, ownership.stateDir), fix: continueThatRun(field, ownership.stateDir) }] : [];
  });
}

/**
 * The fix for a failure where dir is in the way, when another run owns it: never advice to
 * uninstall or empty what that run installed.
 */
export function otherOwnerFix(dir: string, field: OwnedField, stateDir: string): string | undefined {
  const ownership = ownershipOf(dir, stateDir);
  return ownership.kind === 'other' ? `${ownedByAnother(dir, ownership.stateDir)}: ${continueThatRun(field, ownership.stateDir)}` : undefined;
}

/** The directories not yet marked as this state directory's. */
export function unclaimedDirectories(ctx: Pick<StepContext, 'answers' | 'stateDir'>): OwnedDirectory[] {
  return ownedDirectories(ctx).filter(({ dir }) => ownershipOf(dir, ctx.stateDir).kind !== 'ours');
}

/**
 * Marks the directories as this state directory's, creating the user directory. A directory
 * another run marked since the preflight (two runs at once) stops this one.
 */
export function claimDirectories(ctx: StepContext): void {
  for (const { field, dir } of unclaimedDirectories(ctx)) {
    const ownership = ownershipOf(dir, ctx.stateDir);
    if (ownership.kind === 'other') throw new StepFailure(ownedByAnother(dir, ownership.stateDir), continueThatRun(field, ownership.stateDir));
    fs.mkdirSync(dir, { recursive: true });
    writeOwnerMarker(dir, ctx.stateDir);
    if (ownership.kind === 'abandoned') ctx.report(`Adopted ${dir} (${field}): its marker named ${ownership.stateDir}, which holds no run any more (no checkpoint.json)`);
  }
}
