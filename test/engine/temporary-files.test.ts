import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withPropertyFile } from '../../source/adapters/ant.js';
import { loadForge } from '../../source/adapters/forge.js';
import { importTrustedCertificates } from '../../source/adapters/keystore/keytool.js';
import { runnerFor } from '../../source/commands/runner.js';
import { resolveOrThrow } from '../../source/engine/answers.js';
import { StepFailure } from '../../source/engine/errors.js';
import type { EngineEvent } from '../../source/engine/events.js';
import { runSteps } from '../../source/engine/machine.js';
import type { CommandSpec } from '../../source/engine/runner.js';
import type { Step, StepContext } from '../../source/engine/step.js';
import { temporaryDirOf, temporaryParent } from '../../source/engine/temporary-files.js';

/** A small self-signed certificate, made with node-forge as the wizard loads it. */
function selfSigned(): string {
  const forge = loadForge();
  const keys = forge.pki.rsa.generateKeyPair(512);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date();
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: 'peer' }]);
  cert.setIssuer([{ name: 'commonName', value: 'peer' }]);
  cert.sign(keys.privateKey);
  return forge.pki.certificateToPem(cert);
}
const PEM = selfSigned();

/** What a step saw of the temporary files while it ran. */
interface Seen {
  leftoversAtStart: string[];
  secretsFile?: string;
  secretsMode?: number;
  bundle?: string;
  dirMode?: number;
}

/** A step that makes the files a real run makes: the Ant secrets file and keytool's bundle directory. */
function tempFilesStep(seen: Seen, options: { fail?: boolean } = {}): Step {
  return {
    id: 'temp-files',
    title: 'Make temporary files',
    questions: [],
    isDone: async () => ({ done: false, detail: 'always runs' }),
    plan: async () => [],
    async run(ctx: StepContext) {
      const tmp = temporaryDirOf(ctx.stateDir);
      seen.leftoversAtStart = [...listAll(tmp), ...listAll(path.join(ctx.stateDir, 'ant')).filter((f) => /secrets-/.test(f))];
      await withPropertyFile(tmp, { 'mfp.admin.client.secret': 's3cret-value' }, async (file) => {
        seen.secretsFile = file;
        seen.secretsMode = fs.statSync(file).mode & 0o777;
      });
      // keytool's bundle, through the real adapter; the fake keytool "fails" so that the bundle
      // would be left if the adapter did not remove it, and the run's end sweeps anyway.
      const runner = {
        async run(spec: CommandSpec) {
          seen.bundle = spec.args[spec.args.indexOf('-srckeystore') + 1];
          seen.dirMode = fs.statSync(path.dirname(seen.bundle)).mode & 0o777;
          return { exitCode: 0, output: 'Import command completed:  1 entries successfully imported, 0 entries failed or cancelled', stdout: '', stderr: '' };
        },
      };
      await importTrustedCertificates(runner, { file: path.join(ctx.stateDir, 'key.p12'), type: 'PKCS12', password: 'pw', rawPassword: 'pw' }, [{ alias: 'peer', pem: PEM }]);
      // A file that a killed command would leave behind: the end of the run must remove it.
      fs.mkdirSync(path.join(temporaryParent(), 'pmf-wizard-trust-orphan'));
      if (options.fail) throw new StepFailure('failed on purpose', 'Run again.');
      return {};
    },
  };
}

function listAll(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { recursive: true }).map((name) => path.join(dir, String(name)));
  } catch {
    return [];
  }
}

async function runWith(stateDir: string, step: Step) {
  const events: EngineEvent[] = [];
  const resolution = resolveOrThrow({}, [step], { baseDir: stateDir });
  const result = await runSteps({ steps: [step], resolution, stateDir, dryRun: false, resume: false, emit: (e) => events.push(e), signal: new AbortController().signal, runnerFor });
  return { result, events };
}

/** What a run killed with -9 left: a secrets file and a trust bundle in <state>/tmp, and an older version's secrets file beside an Ant copy. */
function leaveLeftovers(stateDir: string): string[] {
  const tmp = temporaryDirOf(stateDir);
  const trust = path.join(tmp, 'pmf-wizard-trust-AbC123');
  fs.mkdirSync(trust, { recursive: true });
  fs.writeFileSync(path.join(trust, 'peers.jks'), 'bundle', { mode: 0o600 });
  const secrets = path.join(tmp, 'secrets-4242-deadbeef.properties');
  fs.writeFileSync(secrets, 'mfp.admin.client.secret=old\n', { mode: 0o600 });
  const antDir = path.join(stateDir, 'ant', 'pmf2');
  fs.mkdirSync(antDir, { recursive: true });
  const legacy = path.join(antDir, 'secrets-999-cafe.properties');
  fs.writeFileSync(legacy, 'database.mysql.mfp.password=old\n', { mode: 0o600 });
  fs.writeFileSync(path.join(antDir, 'configure-liberty-mysql.xml'), '<project/>');
  return [trust, secrets, legacy];
}

describe("the run's temporary files", () => {
  it('leftovers of an earlier run are removed when the next run starts, and said so', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmpfiles-'));
    const leftovers = leaveLeftovers(stateDir);
    const seen: Seen = { leftoversAtStart: [] };
    const { result, events } = await runWith(stateDir, tempFilesStep(seen));
    expect(result.exitCode).toBe(0);
    expect(seen.leftoversAtStart).toEqual([]);
    for (const file of leftovers) expect(fs.existsSync(file), file).toBe(false);
    // The Ant copy beside the old secrets file stays.
    expect(fs.existsSync(path.join(stateDir, 'ant', 'pmf2', 'configure-liberty-mysql.xml'))).toBe(true);
    expect(events).toContainEqual({ type: 'notice', message: `Removed 3 temporary files (secrets or keystore bundles) left in ${stateDir} by an interrupted run` });
  });

  it('are made in <state>/tmp (mode 0700, even if it existed with another mode) and are gone when the run ends', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmpfiles-'));
    fs.mkdirSync(temporaryDirOf(stateDir), { mode: 0o755 });
    fs.chmodSync(temporaryDirOf(stateDir), 0o755);
    const seen: Seen = { leftoversAtStart: [] };
    const { result } = await runWith(stateDir, tempFilesStep(seen));
    expect(result.exitCode).toBe(0);
    const tmp = temporaryDirOf(stateDir);
    expect(path.dirname(seen.secretsFile!)).toBe(tmp);
    expect(seen.secretsMode).toBe(0o600);
    expect(path.dirname(path.dirname(seen.bundle!))).toBe(tmp);
    expect(path.basename(path.dirname(seen.bundle!))).toMatch(/^pmf-wizard-trust-/);
    expect(seen.dirMode).toBe(0o700);
    expect(fs.statSync(tmp).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(tmp)).toEqual([]);
    // Outside a run, adapters use the system's directory again.
    expect(temporaryParent()).toBe(os.tmpdir());
  });

  it('are gone when the run ends with a failure too', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmpfiles-'));
    const seen: Seen = { leftoversAtStart: [] };
    const { result } = await runWith(stateDir, tempFilesStep(seen, { fail: true }));
    expect(result.exitCode).toBe(1);
    expect(fs.readdirSync(temporaryDirOf(stateDir))).toEqual([]);
  });
});
