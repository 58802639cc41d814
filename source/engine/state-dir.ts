import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';
import { CONTROL_CHARACTER } from './input-rules.js';

/**
 * The state directory (--state) is checked before anything is done, and created without Node's
 * recursive mkdir: on /proc that one loops for ever (mkdir says ENOENT, the parent exists, retry).
 */

// statfs f_type of the kernel's pseudo-file systems: they hold kernel objects, never a program's files.
const PSEUDO_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0xde5e81e0, 'efivarfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x19800202, 'mqueue'],
  [0x65735543, 'fusectl'],
]);

const FIX = 'Pass --state a directory this user can create and write, such as --state ~/.pmf-wizard (the default is .pmf-wizard in the current directory).';

function refused(dir: string, why: string): UsageError {
  return new UsageError(`The state directory ${dir} (--state) ${why}`, FIX);
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** The nearest path at or above dir that exists, with its stat. */
function nearestExisting(dir: string): { existing: string; stat: fs.Stats } {
  let current = dir;
  for (;;) {
    try {
      return { existing: current, stat: fs.statSync(current) };
    } catch (error) {
      // ENOTDIR: a file is in the way; going up finds it and says so.
      if (codeOf(error) !== 'ENOENT' && codeOf(error) !== 'ENOTDIR') throw refused(dir, `cannot be looked at: ${current}: ${codeOf(error)}`);
    }
    const parent = path.dirname(current);
    if (parent === current) throw refused(dir, 'cannot be looked at: / does not exist');
    current = parent;
  }
}

function writeProblem(error: unknown): string {
  switch (codeOf(error)) {
    case 'EROFS':
      return 'is on a read-only file system';
    case 'EACCES':
    case 'EPERM':
      return 'is not writable by this user';
    default:
      return `cannot be written: ${codeOf(error)}`;
  }
}

/**
 * Whether a run can use the directory, changing nothing: it exists as a writable directory, or
 * can be created under one; never on a pseudo-file system. Throws a UsageError (exit 2) naming --state.
 */
export function checkStateDir(dir: string): void {
  if (CONTROL_CHARACTER.test(dir)) throw refused(JSON.stringify(dir), 'holds a control character');
  const { existing, stat } = nearestExisting(dir);
  const where = existing === dir ? '' : `cannot be created: ${existing} `;
  if (!stat.isDirectory()) throw refused(dir, existing === dir ? 'exists and is not a directory' : `cannot be created: ${existing} is not a directory`);
  const pseudo = PSEUDO_FILE_SYSTEMS.get(fs.statfsSync(existing).type);
  if (pseudo) throw refused(dir, `${where}is on ${pseudo}, a pseudo-file system of the kernel where no files can be created`);
  try {
    fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw refused(dir, `${where}${writeProblem(error)}`);
  }
}

/**
 * Creates the state directory (mode 0700, each missing level in turn) after checkStateDir, and
 * proves it writable with a probe file, so that a directory refusing writes even to root (a
 * read-only mount, an immutable directory) is an input error before the run, not a crash in it.
 */
export function createStateDir(dir: string): void {
  checkStateDir(dir);
  const missing: string[] = [];
  for (let current = dir; !fs.existsSync(current); current = path.dirname(current)) missing.unshift(current);
  for (const level of missing) {
    try {
      fs.mkdirSync(level, { mode: 0o700 });
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw refused(dir, `cannot be created: ${level}: ${writeProblem(error)}`);
    }
  }
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    fs.closeSync(fs.openSync(probe, 'wx', 0o600));
    fs.unlinkSync(probe);
  } catch (error) {
    throw refused(dir, writeProblem(error));
  }
}
