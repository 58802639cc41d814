import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemCause, withSystemCause } from '../../source/adapters/system-failure.js';
import { runnerFor } from '../../source/commands/runner.js';
import { resolveOrThrow } from '../../source/engine/answers.js';
import { loadCheckpoint } from '../../source/engine/checkpoint.js';
import { ExternalError, withFix } from '../../source/engine/errors.js';
import type { EngineEvent } from '../../source/engine/events.js';
import { runSteps } from '../../source/engine/machine.js';
import type { Step } from '../../source/engine/step.js';
import { asKnownError, systemErrorOf } from '../../source/engine/system-cause.js';
import { questionStep } from '../support/fake-steps.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'system-failure-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** What real tools printed on a full 64 KiB tmpfs, a read-only bind mount and a 0500 directory (Debian 12, Java 17, Ant 1.10). */
const CAPTURED: [string, string, ReturnType<typeof systemCause>][] = [
  ['cp, full', "cp: error writing 'full/big': No space left on device", { kind: 'no-space', path: 'full/big' }],
  ['cp, read-only', "cp: cannot create regular file 'ro/big': Read-only file system", { kind: 'read-only', path: 'ro/big' }],
  ['cp, permission', "cp: cannot create regular file 'perm/big': Permission denied", { kind: 'permission-denied', path: 'perm/big' }],
  ['mkdir, UTF-8 quotes', 'mkdir: cannot create directory ‘perm/x’: Permission denied', { kind: 'permission-denied', path: 'perm/x' }],
  ['sh redirection', 'sh: 1: cannot create /srv/out.txt: Permission denied', { kind: 'permission-denied', path: '/srv/out.txt' }],
  ['tee', 'tee: /srv/x/log: No space left on device', { kind: 'no-space', path: '/srv/x/log' }],
  [
    'Ant copy, full',
    `Buildfile: /tmp/sf-exp/build.xml

install:
     [copy] Copying 1 file to /tmp/sf-exp/full/sub
Attempt to copy /tmp/sf-exp/big to /tmp/sf-exp/full/sub/big using NIO Channels failed due to 'No space left on device'.  Falling back to streams.

BUILD FAILED
/tmp/sf-exp/build.xml:1: Failed to copy /tmp/sf-exp/big to /tmp/sf-exp/full/sub/big due to No space left on device

Total time: 0 seconds`,
    { kind: 'no-space', path: '/tmp/sf-exp/full/sub/big' },
  ],
  [
    'Ant copy, read-only',
    'BUILD FAILED\n/tmp/sf-exp/build.xml:1: Failed to copy /tmp/sf-exp/big to /tmp/sf-exp/ro/big due to java.nio.file.FileSystemException /tmp/sf-exp/ro/big: Read-only file system',
    { kind: 'read-only', path: '/tmp/sf-exp/ro/big' },
  ],
  [
    'Ant copy, permission',
    'BUILD FAILED\n/tmp/sf-exp/build.xml:1: Failed to copy /tmp/sf-exp/big to /tmp/sf-exp/perm/big due to java.nio.file.AccessDeniedException /tmp/sf-exp/perm/big',
    { kind: 'permission-denied', path: '/tmp/sf-exp/perm/big' },
  ],
  [
    "a PMF task's IOException with its stack",
    `[installmobilefirstadmin] Installing the administration services on the Liberty server pmf1 (/srv/wlp-usr/servers/pmf1).

BUILD FAILED
/srv/pmf/configure-liberty-mysql.xml:412: java.io.IOException: No space left on device
\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)
\tat java.base/java.io.FileOutputStream.write(FileOutputStream.java:349)
\tat com.ibm.mfp.ant.deployers.InstallBase.execute(InstallBase.java:133)

Total time: 3 seconds`,
    { kind: 'no-space' },
  ],
  ['keytool, full', 'keytool error: java.io.IOException: No space left on device', { kind: 'no-space' }],
  ['keytool, read-only', 'keytool error: java.io.FileNotFoundException: ro/k.p12 (Read-only file system)', { kind: 'read-only', path: 'ro/k.p12' }],
  ['keytool, permission', 'keytool error: java.io.FileNotFoundException: perm/k.p12 (Permission denied)', { kind: 'permission-denied', path: 'perm/k.p12' }],
  ['java.nio FileSystemException', 'java.nio.file.FileSystemException: /srv/wlp/usr/servers/pmf1/apps/mfp.war: Read-only file system', { kind: 'read-only', path: '/srv/wlp/usr/servers/pmf1/apps/mfp.war' }],
  ['java.nio AccessDeniedException', 'Caused by: java.nio.file.AccessDeniedException: /srv/wlp/usr/servers/pmf1/server.xml', { kind: 'permission-denied', path: '/srv/wlp/usr/servers/pmf1/server.xml' }],
  ['FileNotFoundException, full', 'java.io.FileNotFoundException: /srv/x/a.log (No space left on device)', { kind: 'no-space', path: '/srv/x/a.log' }],
  ['tar, full (a short write)', 'tar: big: Wrote only 4608 of 10240 bytes\ntar: Exiting with failure status due to previous errors', { kind: 'no-space', path: 'big' }],
  ['tar, read-only', 'tar: big: Cannot open: Read-only file system\ntar: Exiting with failure status due to previous errors', { kind: 'read-only', path: 'big' }],
  ['unzip, full', 'Archive:  a.zip\n  inflating: full/big                \nfull/big:  write error (disk full?).  Continue? (y/n/^C) \nwarning:  full/big is probably truncated', { kind: 'no-space', path: 'full/big' }],
  ['unzip, read-only', 'Archive:  a.zip\nerror:  cannot create ro/big\n        Read-only file system', { kind: 'read-only', path: 'ro/big' }],
  ['unzip, permission', 'Archive:  a.zip\nerror:  cannot create perm/big\n        Permission denied', { kind: 'permission-denied', path: 'perm/big' }],
  ['node, read-only', "Error: EROFS: read-only file system, open 'ro/n'", { kind: 'read-only', path: 'ro/n' }],
  ['node, full', 'Error: ENOSPC: no space left on device, write\n    at Object.writeSync (node:fs:933:3)', { kind: 'no-space' }],
  // MySQL and MariaDB (client and Connector/J), as printed in public issue reports
  ["mysql client (Errcode: 28 - ...)", "ERROR 3 (HY000) at line 395935: Error writing file '/tmp/MLvBOGCz' (Errcode: 28 \"No space left on device\")", { kind: 'no-space', path: '/tmp/MLvBOGCz', onDatabaseServer: true }],
  ['Connector/J (errno: 28)', "java.sql.SQLException: Error writing file '/opt/bitnami/mysql/tmp/MLyxoSoO' (errno: 28 - No space left on device)", { kind: 'no-space', path: '/opt/bitnami/mysql/tmp/MLyxoSoO', onDatabaseServer: true }],
  ['Errcode: 28 alone', "UNKNOWN_CODE_PLEASE_REPORT: Error writing file '/rdsdbdata/tmp/MYsm18GI' (Errcode: 28)", { kind: 'no-space', path: '/rdsdbdata/tmp/MYsm18GI', onDatabaseServer: true }],
  ['ER_DISK_FULL', 'ERROR 1021 (HY000): Disk full (/mnt/#sql_15455_1.MAI); waiting for someone to free some space... (errno: 28 "No space left on device")', { kind: 'no-space', path: '/mnt/#sql_15455_1.MAI', onDatabaseServer: true }],
  ['mysqld, Can\'t create/write', "mysqld: Can't create/write to file '/opt/bitnami/mariadb/tmp/ibMduu0y' (Errcode: 28 \"No space left on device\")", { kind: 'no-space', path: '/opt/bitnami/mariadb/tmp/ibMduu0y', onDatabaseServer: true }],
  ['storage engine', 'Mysql2::Error: Got error 28 from storage engine', { kind: 'no-space', onDatabaseServer: true }],
  ['mysql, permission', "ERROR 1 (HY000): Can't create/write to file '/var/lib/mysql/mfp/t.frm' (Errcode: 13 \"Permission denied\")", { kind: 'permission-denied', path: '/var/lib/mysql/mfp/t.frm', onDatabaseServer: true }],
  ['mysql, read-only', "ERROR 1 (HY000): Can't create/write to file './mfp/db.opt' (Errcode: 30 \"Read-only file system\")", { kind: 'read-only', path: './mfp/db.opt', onDatabaseServer: true }],
];

describe('the system cause of a failed command', () => {
  it.each(CAPTURED)('%s', (_, output, expected) => {
    expect(systemCause(output)).toEqual(expected);
  });

  it('is not seen in what only looks like it', () => {
    for (const output of [
      "java.sql.SQLInvalidAuthorizationSpecException: (conn=12) Access denied for user 'mfpuser'@'localhost' (using password: YES)",
      'CWWKO0221E: TCP Channel defaultHttpEndpoint initialization did not succeed. The socket bind did not succeed for host * and port 80. The port might already be in use. Exception Message: Permission denied',
      'java.net.SocketException: Permission denied',
      'git@github.com: Permission denied (publickey).',
      'BUILD FAILED\n/x/b.xml:20: Something broke here',
      'errno: -28',
    ]) {
      expect(systemCause(output), output).toBeUndefined();
    }
  });
});

describe('a failed command with a system cause', () => {
  const failed = () => new ExternalError<'keytool-failed'>('keytool-failed', 'Creating the default certificate in /srv/k.p12 failed (exit 1)', { command: 'keytool -genkeypair', outputTail: 'tail', fix: 'Check the password.' });

  it('names it in the headline, keeps its kind, and the fix is the machine\'s, whatever the step says of the kind', () => {
    const error = withSystemCause(failed(), 'keytool error: java.io.FileNotFoundException: /srv/ro/k.p12 (Read-only file system)');
    expect(error.message).toBe('Creating the default certificate in /srv/k.p12 failed: /srv/ro/k.p12 is on a read-only file system');
    expect(error.kind).toBe('keytool-failed');
    expect(error.systemCause).toBe('read-only');
    expect(error.fix).toBe('Remount the file system holding /srv/ro/k.p12 read-write (findmnt -T /srv/ro/k.p12 names it; mount -o remount,rw on its mount point), or choose another directory, then run again with --resume.');
    expect([error.command, error.outputTail, error.exitCode]).toEqual(['keytool -genkeypair', 'tail', 1]);
    expect(withFix(error, { 'keytool-failed': () => 'the step says' })).toBe(error);
  });

  it('is unchanged without one', () => {
    const error = failed();
    expect(withSystemCause(error, 'keytool error: java.lang.Exception: Keystore was tampered with, or password was incorrect')).toBe(error);
  });

  it('on the database server, sends the administrator to that host', () => {
    const error = withSystemCause(failed(), "ERROR 3 (HY000): Error writing file '/tmp/MLvBOGCz' (Errcode: 28 \"No space left on device\")");
    expect(error.message).toBe('Creating the default certificate in /srv/k.p12 failed: no space left on device on the database server (/tmp/MLvBOGCz)');
    expect(error.fix).toBe("Free space on the database server's file system holding /tmp/MLvBOGCz (df -h /tmp/MLvBOGCz on the database host), then run again with --resume.");
  });

  it('a permission names the user pmf-wizard runs as and the owner and mode of the nearest existing level', () => {
    const dir = path.join(tmp, 'closed');
    fs.mkdirSync(dir, { mode: 0o500 });
    fs.chmodSync(dir, 0o500);
    const error = withSystemCause(failed(), `cp: cannot create regular file '${dir}/big': Permission denied`);
    const user = os.userInfo();
    expect(error.message).toBe(`Creating the default certificate in /srv/k.p12 failed: permission denied on ${dir}/big`);
    expect(error.fix).toBe(`pmf-wizard runs as ${user.username}; ${dir} belongs to ${user.username} (uid ${user.uid}), mode 0500. Give ${user.username} write access to ${dir}/big (chown or chmod), or choose another directory, then run again with --resume.`);
  });
});

describe("the wizard's own file errors", () => {
  const errno = (code: string, syscall: string, file?: string) => Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, ...(file ? { path: file } : {}) });

  it('are the same plain sentence, exit 1, with the path', () => {
    const full = systemErrorOf(errno('ENOSPC', 'write'), '/srv/wlp/usr/servers/pmf1/server.xml');
    expect(full?.message).toBe('pmf-wizard could not write a file: no space left on device (/srv/wlp/usr/servers/pmf1/server.xml)');
    expect(full?.fix).toBe('Free space on the file system holding /srv/wlp/usr/servers/pmf1/server.xml (df -h /srv/wlp/usr/servers/pmf1/server.xml), then run again with --resume.');
    expect(full?.exitCode).toBe(1);
    expect((asKnownError(errno('EROFS', 'mkdir', '/srv/ro/x')) as Error).message).toBe('pmf-wizard could not create a directory: /srv/ro/x is on a read-only file system');
    expect((asKnownError(errno('EACCES', 'open', '/etc/x')) as ExternalError).kind).toBe('permission-denied');
  });

  it('leave alone what is not a file of the machine', () => {
    for (const error of [errno('EACCES', 'listen'), errno('EPERM', 'kill'), errno('ENOENT', 'open', '/x'), new TypeError('x')]) {
      expect(asKnownError(error)).toBe(error);
    }
  });
});

describe('a step whose own write hits a full disk', () => {
  it('fails the run with exit 1 and the sentence, recorded in the checkpoint, not as a bug', async () => {
    // /dev/full answers every write with ENOSPC: Node's real error, thrown from a step.
    const full: Step = {
      id: 'write',
      title: 'Write',
      questions: [],
      isDone: async () => ({ done: false, detail: 'not written' }),
      plan: async () => [],
      run: async () => {
        fs.writeFileSync('/dev/full', 'x');
      },
    };
    const steps = [questionStep(), full];
    const resolution = resolveOrThrow({ target: { dir: path.join(tmp, 'out'), password: 'hunter2-secret' } }, steps, { baseDir: tmp });
    const stateDir = path.join(tmp, 'state');
    const events: EngineEvent[] = [];
    const result = await runSteps({ steps, resolution, stateDir, dryRun: false, resume: false, emit: (e) => events.push(e), signal: new AbortController().signal, runnerFor });
    expect(result.exitCode).toBe(1);
    const said = { message: 'pmf-wizard could not write a file: no space left on device', fix: "Free space on the file system being written to (df -h lists each one's use), then run again with --resume." };
    expect(events.find((e) => e.type === 'step-failed')).toMatchObject({ id: 'write', error: said });
    expect(loadCheckpoint(stateDir)?.steps.write).toMatchObject({ status: 'failed', error: said });
  });
});
