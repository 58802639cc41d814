/**
 * Real failures, made where they happen: a full disk (a 64 KiB tmpfs, filled), a read-only bind
 * mount, both in a private mount namespace (unshare -Urm), and a 0500 directory written from a
 * user namespace that maps nobody (unshare -U: even root has no capability over the files there,
 * so the mode bits decide, as for any other user). Real cp, Ant and keytool write into them
 * through the adapters; the wizard's own atomic write runs there in a Node process of its own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { antFailure } from '../../source/adapters/ant-failures.js';
import { runAnt, type AntContext } from '../../source/adapters/ant.js';
import { createDefaultCertificate } from '../../source/adapters/keystore/keytool.js';
import { CommandRunner } from '../../source/adapters/process.js';
import { ExternalError } from '../../source/engine/errors.js';
import { RunLog } from '../../source/engine/log.js';
import { Redactor } from '../../source/engine/redact.js';
import { transpileEngineModules } from '../support/transpiled.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'system-failure-'));
afterAll(() => {
  fs.chmodSync(path.join(tmp, 'closed'), 0o700);
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Place = 'full' | 'read-only' | 'closed';

/** `<wrapper> DIR command...`: runs the command with DIR made full, read-only, or closed to it. */
const WRAPPERS: Record<Place, string> = {
  full: `exec unshare -Urm sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && head -c 1048576 /dev/zero > "$1/.filler" 2>/dev/null; shift; exec "$@"' sh "$@"`,
  'read-only': `exec unshare -Urm sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"' sh "$@"`,
  closed: `shift; exec unshare -U "$@"`,
};

const big = path.join(tmp, 'big');
fs.writeFileSync(big, Buffer.alloc(1024 * 1024, 1));

function place(kind: Place): { dir: string; wrapper: string } {
  const dir = path.join(tmp, kind);
  fs.mkdirSync(dir, { recursive: true });
  if (kind === 'closed') fs.chmodSync(dir, 0o500);
  const wrapper = path.join(tmp, `in-${kind}`);
  fs.writeFileSync(wrapper, `#!/bin/sh\n${WRAPPERS[kind]}\n`, { mode: 0o755 });
  return { dir, wrapper };
}

/** A command found on PATH, run through the wrapper: the adapter under test names it as usual. */
function wrapped(kind: Place, command: string): string {
  const { dir, wrapper } = place(kind);
  const file = path.join(tmp, `${kind}-${command}`);
  fs.writeFileSync(file, `#!/bin/sh\nexec ${wrapper} ${dir} ${execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim()} "$@"\n`, { mode: 0o755 });
  return file;
}

const redactor = new Redactor();
const runner = new CommandRunner({ log: new RunLog(redactor), redactor });

async function failureOf(work: Promise<unknown>): Promise<ExternalError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ExternalError);
  return error as ExternalError;
}

const ctx: AntContext = { dbType: 'derby', dbName: 'MFPDATA', dataDir: tmp, serverName: 'pmf1', libertyInstallDir: tmp, pmfInstallDir: tmp };

/** What each place makes of a file written into it: the headline's words, and the fix's. */
const EXPECTED: Record<Place, { said: (file: string) => string; fix: RegExp }> = {
  full: { said: (file) => `no space left on device (${file})`, fix: /^Free space on the file system holding .* \(df -h .*\), then run again with --resume\.$/ },
  'read-only': { said: (file) => `${file} is on a read-only file system`, fix: /^Remount the file system holding .* read-write \(findmnt -T .*\), or choose another directory, then run again with --resume\.$/ },
  closed: {
    said: (file) => `permission denied on ${file}`,
    // The user is the process's own: the tests' here, nobody in the probe's user namespace.
    fix: new RegExp(`^pmf-wizard runs as \\S+; ${path.join(tmp, 'closed')} belongs to .*, mode 0500\\. Give \\S+ write access to .*, or choose another directory, then run again with --resume\\.$`),
  },
};

describe.each(['full', 'read-only', 'closed'] as const)('a %s directory', (kind) => {
  const { dir } = place(kind);
  const target = path.join(dir, 'big');

  it('cp: the headline names the cause and the path', async () => {
    const error = await failureOf(runner.mustSucceed({ command: wrapped(kind, 'cp'), args: [big, target] }, `Copying ${big}`, () => 'unused'));
    expect(error.message).toBe(`Copying ${big} failed: ${EXPECTED[kind].said(target)}`);
    expect(error.fix).toMatch(EXPECTED[kind].fix);
    expect(error.outputTail).toMatch(/cp: /);
    if (kind === 'closed') expect(error.fix).toContain(`pmf-wizard runs as ${os.userInfo().username};`);
  });

  it('Ant: the headline is the cause, not what Ant printed last', async () => {
    const buildFile = path.join(tmp, `build-${kind}.xml`);
    fs.writeFileSync(buildFile, `<project name="p" default="install"><target name="install"><copy file="${big}" todir="${dir}"/></target></project>\n`);
    const error = await failureOf(runAnt(runner, { antPath: wrapped(kind, 'ant'), buildFile, target: 'install' }, ctx));
    expect(error.message).toBe(`ant install failed: ${EXPECTED[kind].said(target)}`);
    expect(error.kind).toBe(kind === 'full' ? 'no-space' : kind === 'closed' ? 'permission-denied' : 'read-only');
    expect(error.fix).toMatch(EXPECTED[kind].fix);
    // Without the cause, the same output would be Ant's generic failure.
    expect(antFailure('BUILD FAILED\nx.xml:1: Failed to copy', { antPath: 'ant', buildFile, target: 'install' }, ctx).kind).toBe('unknown');
  });

  it('keytool: the headline names the cause and the keystore', async () => {
    const file = path.join(dir, 'key.p12');
    const javaHome = path.join(tmp, `java-${kind}`);
    fs.mkdirSync(path.join(javaHome, 'bin'), { recursive: true });
    fs.copyFileSync(wrapped(kind, 'keytool'), path.join(javaHome, 'bin', 'keytool'));
    const previous = process.env.JAVA_HOME;
    process.env.JAVA_HOME = javaHome;
    try {
      const error = await failureOf(createDefaultCertificate(runner, { file, type: 'PKCS12', password: 'secret12', rawPassword: 'secret12' }, 'CN=pmf1'));
      // keytool names the file on a read-only or closed directory; on a full disk the headline's own words do.
      expect(error.message).toBe(`Creating the default certificate in ${file} failed: ${kind === 'full' ? 'no space left on device' : EXPECTED[kind].said(file)}`);
      expect(error.systemCause).toBeDefined();
    } finally {
      if (previous === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = previous;
    }
  });

  it("the wizard's own atomic write: the same sentence, exit 1, not a bug's stack", () => {
    // The real modules, transpiled, run in a Node process where the place is made.
    const out = path.join(tmp, 'module');
    transpileEngineModules(out, ['atomic-write', 'system-cause', 'errors']);
    const probe = path.join(out, 'probe.mjs');
    fs.writeFileSync(
      probe,
      `import { writeFileAtomic } from './atomic-write.js';
try { writeFileAtomic(process.argv[2], Buffer.alloc(1 << 20)); console.log('{}'); }
catch (error) { console.log(JSON.stringify({ name: error.constructor.name, message: error.message, fix: error.fix, exitCode: error.exitCode })); }`,
    );
    const file = path.join(dir, 'server.xml');
    const said = JSON.parse(execFileSync(place(kind).wrapper, [dir, process.execPath, probe, file], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(said).toMatchObject({ name: 'ExternalError', exitCode: 1 });
    expect(said.message).toMatch(new RegExp(`^pmf-wizard could not (?:open|write) a file: ${EXPECTED[kind].said(file).replace(/[()]/g, '\\$&')}$`));
    // The engine reads no file's owner (no I/O beyond the state directory): its permission fix names the user and the file.
    const fix = kind === 'closed' ? new RegExp(`^pmf-wizard runs as \\S+\\. Give \\S+ write access to ${file.replace(/[.]/g, '\\.')} \\(chown or chmod\\), or choose another directory, then run again with --resume\\.$`) : EXPECTED[kind].fix;
    expect(said.fix).toMatch(fix);
  });
});
