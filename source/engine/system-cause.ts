/**
 * The three failures an administrator fixes on the machine, not in the answers: a full disk, a
 * read-only file system, a missing permission. Whichever command or file write hit one, the
 * headline names it and the fix says what to do there. The adapters recognise them in a
 * command's output (adapters/system-failure.ts); Node's own errors are recognised here by their
 * errno code, so that the wizard's own writes say the same sentence instead of a stack.
 */
import os from 'node:os';
import { ExternalError } from './errors.js';

export type SystemCauseKind = 'no-space' | 'read-only' | 'permission-denied';

export interface SystemCause {
  kind: SystemCauseKind;
  /** The file or directory the output names, as it names it. */
  path?: string;
  /** The database server reported it: the path is on the database host, not here. */
  onDatabaseServer?: boolean;
}

const RESUME = 'then run again with --resume.';

/** "no space left on device (/srv/x)", "/srv/x is on a read-only file system", "permission denied on /srv/x". */
export function causePhrase(cause: SystemCause): string {
  const server = cause.onDatabaseServer ? ' on the database server' : '';
  const where = cause.path === undefined ? '' : ` (${cause.path})`;
  switch (cause.kind) {
    case 'no-space':
      return `no space left on device${server}${where}`;
    case 'read-only':
      return cause.path === undefined ? `read-only file system${server}` : `${cause.path} is on a read-only file system${server}`;
    case 'permission-denied':
      return cause.path === undefined ? `permission denied${server}` : `permission denied on ${cause.path}${server}`;
  }
}

function databaseServerFix(cause: SystemCause & { path: string }): string {
  switch (cause.kind) {
    case 'no-space':
      return `Free space on the database server's file system holding ${cause.path} (df -h ${cause.path} on the database host), ${RESUME}`;
    case 'read-only':
      return `Remount the database server's file system holding ${cause.path} read-write on the database host (findmnt -T ${cause.path} names it), ${RESUME}`;
    case 'permission-denied':
      return `Give the user the database server runs as write access to ${cause.path} on the database host (ls -ld ${cause.path} shows its owner and mode), ${RESUME}`;
  }
}

/** What the administrator does about it; `owner` ("/srv/x belongs to root (uid 0), mode 0500") when an adapter could read it. */
export function causeFix(cause: SystemCause, owner?: string): string {
  const { path: file } = cause;
  if (cause.onDatabaseServer && file !== undefined) return databaseServerFix({ ...cause, path: file });
  switch (cause.kind) {
    case 'no-space':
      return file === undefined
        ? `Free space on the file system being written to (df -h lists each one's use), ${RESUME}`
        : `Free space on the file system holding ${file} (df -h ${file}), ${RESUME}`;
    case 'read-only':
      return file === undefined
        ? `Remount read-write the file system being written to, or choose another directory, ${RESUME}`
        : `Remount the file system holding ${file} read-write (findmnt -T ${file} names it; mount -o remount,rw on its mount point), or choose another directory, ${RESUME}`;
    case 'permission-denied': {
      const user = os.userInfo().username;
      if (file === undefined) return `pmf-wizard runs as ${user}: give ${user} write access to what the output above names, or choose another directory, ${RESUME}`;
      return `pmf-wizard runs as ${user}${owner ? `; ${owner}` : ''}. Give ${user} write access to ${file} (chown or chmod), or choose another directory, ${RESUME}`;
    }
  }
}

const ERRNO_CAUSE: Record<string, SystemCauseKind> = { ENOSPC: 'no-space', EDQUOT: 'no-space', EROFS: 'read-only', EACCES: 'permission-denied', EPERM: 'permission-denied' };

const DOING: Record<string, string> = {
  open: 'open a file',
  write: 'write a file',
  mkdir: 'create a directory',
  mkdtemp: 'create a directory',
  rename: 'rename a file',
  copyfile: 'copy a file',
  unlink: 'remove a file',
  rmdir: 'remove a directory',
  rm: 'remove a file',
  chmod: "change a file's mode",
  chown: "change a file's owner",
  symlink: 'create a link',
  fsync: 'write a file',
};

/**
 * A Node file error of the wizard's own (ENOSPC, EROFS, EACCES, EPERM) as the same plain sentence
 * a command's would get, with exit 1; `file` names the file when Node's error does not (a write on
 * a descriptor). EACCES and EPERM count only with a path: without one they are a socket or a
 * signal, not a file.
 */
export function systemErrorOf(error: unknown, file?: string): ExternalError<SystemCauseKind> | undefined {
  if (!(error instanceof Error) || error instanceof ExternalError) return undefined;
  const { code, path: named, syscall } = error as NodeJS.ErrnoException;
  const kind = code === undefined ? undefined : ERRNO_CAUSE[code];
  const where = file ?? named;
  if (kind === undefined || (kind === 'permission-denied' && where === undefined)) return undefined;
  const cause: SystemCause = { kind, path: where };
  return new ExternalError<SystemCauseKind>(kind, `pmf-wizard could not ${DOING[syscall ?? ''] ?? 'write a file'}: ${causePhrase(cause)}`, { fix: causeFix(cause), systemCause: kind });
}

/** The error to report: a file error the administrator can act on becomes its sentence; any other passes unchanged. */
export function asKnownError(error: unknown): unknown {
  return systemErrorOf(error) ?? error;
}
