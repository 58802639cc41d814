/**
 * A full disk, a read-only file system or a missing permission, recognised in a command's output
 * in the words real tools print: Java (java.io / java.nio exceptions, as keytool, Liberty and
 * PMF's Ant tasks print them), Ant's BUILD FAILED line, coreutils and the shell, tar, unzip, Node,
 * and MySQL/MariaDB's errno (28, 30, 13: on the database server's disk). With the path when the
 * output names it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ExternalError } from '../engine/errors.js';
import { causeFix, causePhrase, type SystemCause, type SystemCauseKind } from '../engine/system-cause.js';

interface CauseMark {
  kind: SystemCauseKind;
  pattern: RegExp;
  /** MySQL/MariaDB's errno: the database server's file system, not this machine's. */
  database?: boolean;
}

/** First the database server's forms, then the machine's; a full disk first, as it causes the others' noise. */
const MARKS: CauseMark[] = [
  { kind: 'no-space', database: true, pattern: /\b(?:Errcode|errno|OS errno): 28\b|system error number 28\b|Got error 28 from storage engine|\bDisk (?:is )?full(?: writing)? ['(]/ },
  { kind: 'read-only', database: true, pattern: /\b(?:Errcode|errno|OS errno): 30\b/ },
  { kind: 'permission-denied', database: true, pattern: /\b(?:Errcode|errno|OS errno): 13\b/ },
  { kind: 'no-space', pattern: /No space left on device|\bENOSPC\b|write error \(disk full\?\)|^tar: .*: Wrote only \d+ of \d+ bytes/i },
  { kind: 'read-only', pattern: /Read-only file system|\bEROFS\b/i },
  // Not a socket's (a port below 1024), nor ssh's "Permission denied (publickey)".
  { kind: 'permission-denied', pattern: /^(?!.*(?:SocketException|BindException|\bsocket\b|\bbind\b|\bconnect\b|publickey)).*(?:Permission denied|AccessDeniedException|\bEACCES\b|Operation not permitted|\bEPERM\b)/i },
];

const CAUSE_WORDS = /^(?:No space left on device|Read-only file system|Permission denied|Operation not permitted)$/i;

/** Where the path stands in each tool's sentence; the first that matches names it. */
const PATH_FORMS: RegExp[] = [
  // Ant's copy: "Failed to copy A to B due to ...", "Attempt to copy A to B using NIO Channels failed due to ..."
  /\bcopy \S+ to (\S+) (?:due to|using)\b/,
  // java.io.FileNotFoundException: /x/y (Read-only file system)
  /FileNotFoundException:? (.+?) \((?:No space left on device|Read-only file system|Permission denied)\)/,
  // java.nio.file.FileSystemException /x/y: Read-only file system; java.nio.file.AccessDeniedException: /x/y
  /(?:FileSystemException|AccessDeniedException):? (.+?)(?:: (?:No space left on device|Read-only file system|Permission denied)|$)/,
  // MySQL: Error writing file '/tmp/MY..' (Errcode: 28 ...); Disk full (/mnt/#sql_1.MAI); waiting ...
  /\bDisk full \(([^)]+)\)/,
  // unzip: "full/big:  write error (disk full?)"
  /^(\S.*?):\s+write error \(disk full\?\)/,
  // tar: "tar: big: Cannot open: Read-only file system", "tar: big: Wrote only 4608 of 10240 bytes"
  /^tar: (.+?): (?:Cannot \w+|Wrote only)/,
  // cp, mkdir, Node, MySQL: the first quoted name ('x', ‘x’ or "x"; not the one of "Can't")
  /(?:^|[\s(,=])['‘"]([^'’"]+)['’"]/,
  // sh: "cannot create /x: Permission denied"; unzip's "error:  cannot create ro/big" on the line above
  /cannot create(?: \w+)* (\S+?):?(?: |$)/,
  // "tee: /x/y: No space left on device"
  /^(?:[\w.-]+: )?(\/[^:]+): /,
];

function pathIn(line: string): string | undefined {
  const text = line.trim().replace(/^\S+\.xml:\d+: /, '');
  for (const form of PATH_FORMS) {
    const found = form.exec(text)?.[1]?.trim();
    if (found && !CAUSE_WORDS.test(found) && !/^\d+$/.test(found)) return found;
  }
  return undefined;
}

/**
 * The cause a command's output shows, and the path it names, or undefined. A line that names a
 * path wins over one that does not (Java's "No space left on device" alone, before Ant's line
 * that names the file); unzip puts the path on the line above the cause.
 */
export function systemCause(output: string): SystemCause | undefined {
  const lines = output.split('\n');
  for (const mark of MARKS) {
    const hits = lines.flatMap((line, index) => (mark.pattern.test(line) ? [index] : []));
    if (hits.length === 0) continue;
    const named = hits.map((index) => pathIn(lines[index]) ?? (index > 0 && /cannot create/.test(lines[index - 1]) ? pathIn(lines[index - 1]) : undefined)).find(Boolean);
    return { kind: mark.kind, ...(named ? { path: named } : {}), ...(mark.database ? { onDatabaseServer: true } : {}) };
  }
  return undefined;
}

/** The headline of a command that hit the cause: "<what> failed: no space left on device (<path>)". */
export function causeHeadline(what: string, cause: SystemCause): string {
  return `${what}: ${causePhrase(cause)}`;
}

/** /etc/passwd's name for a uid, else "uid N". */
function userName(uid: number): string {
  try {
    const line = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.split(':')[2] === String(uid));
    if (line) return `${line.split(':')[0]} (uid ${uid})`;
  } catch {
    // no passwd file to read: the number alone
  }
  return `uid ${uid}`;
}

/** "/srv/x belongs to root (uid 0), mode 0500": of the path, or of its nearest existing parent. */
export function ownershipOf(file: string, cwd: string): string | undefined {
  for (let current = path.resolve(cwd, file); ; current = path.dirname(current)) {
    try {
      const stat = fs.statSync(current);
      return `${current} belongs to ${userName(stat.uid)}, mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')}`;
    } catch {
      if (path.dirname(current) === current) return undefined;
    }
  }
}

/**
 * A command's failure, or the same failure naming the cause when its output shows one: the
 * headline "<what> failed: <cause>" instead of its exit code, and the fix on the machine. The kind
 * stays, so a step's logic still sees it; steps' fixes leave it alone (withFix).
 */
/** The owner and mode behind a permission refusal, for its fix. */
export function ownerOf(cause: SystemCause, cwd = process.cwd()): string | undefined {
  return cause.kind === 'permission-denied' && cause.path !== undefined ? ownershipOf(cause.path, cwd) : undefined;
}

export function withSystemCause<K extends string>(error: ExternalError<K>, output: string, cwd?: string): ExternalError<K> {
  const cause = systemCause(output);
  if (!cause) return error;
  return new ExternalError<K>(error.kind, causeHeadline(error.message.replace(/ \(exit \d+\)$/, ''), cause), {
    command: error.command,
    outputTail: error.outputTail,
    fix: causeFix(cause, ownerOf(cause, cwd)),
    systemCause: cause.kind,
  });
}
