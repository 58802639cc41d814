/**
 * The keytool operations the farm needs on a server's keystore. Passwords never go on argv:
 * keytool reads them from the environment (-storepass:env NAME).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ExternalError } from '../../engine/errors.js';
import { temporaryParent } from '../../engine/temporary-files.js';
import type { CommandResult, CommandSpec, Runner } from '../../engine/runner.js';
import { displayCommand, tailOf } from '../process.js';
import { withSystemCause } from '../system-failure.js';
import type { KeystoreRef } from './default-keystore.js';
import { writeJksTrustStore, type TrustedCertificate } from './jks.js';
import { readPkcs12 } from './pkcs12.js';
import { storeEntry, type StoreEntry } from './store-entry.js';

const STOREPASS_VAR = 'PMF_WIZARD_STOREPASS';
const SRCPASS_VAR = 'PMF_WIZARD_SRCPASS';

export function keytoolPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JAVA_HOME) {
    const candidate = path.join(env.JAVA_HOME, 'bin', 'keytool');
    if (fs.existsSync(candidate)) return candidate;
  }
  return 'keytool';
}

function keytoolSpec(args: string[], env: Record<string, string>, input?: string): CommandSpec {
  // English output whatever the locale, so that it can be read back. A keytool run lasts about a
  // second: the JIT's optimising tier and a parallel collector cost more CPU than they repay.
  return { command: keytoolPath(), args: ['-J-Duser.language=en', '-J-Duser.country=US', '-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC', ...args], env: { ...env, LC_ALL: 'C' }, input, timeoutMs: 60_000 };
}

function storeArgs(ks: KeystoreRef): string[] {
  return ['-keystore', ks.file, '-storetype', ks.type, '-storepass:env', STOREPASS_VAR];
}

/** How a keytool run went wrong, as its output says. */
export type KeytoolFailure = 'no-keystore' | 'alias-missing' | 'wrong-password' | 'not-a-keystore' | 'keytool-failed';

function failureKind(output: string): KeytoolFailure {
  if (/Keystore file does not exist/i.test(output)) return 'no-keystore';
  if (/Alias <[^>]*> does not exist/i.test(output)) return 'alias-missing';
  if (/password was incorrect|tampered with/i.test(output)) return 'wrong-password';
  if (/Invalid keystore format|Unrecognized keystore format|toDerInputStream rejects tag|java\.io\.EOFException/i.test(output)) return 'not-a-keystore';
  return 'keytool-failed';
}

function keytoolFailure(spec: CommandSpec, what: string, result: CommandResult, fix: string): ExternalError<KeytoolFailure> {
  return withSystemCause(new ExternalError(failureKind(result.output), `${what} failed (exit ${result.exitCode})`, { command: displayCommand(spec), outputTail: tailOf(result.output), fix }), result.output);
}

function passwordFix(ks: KeystoreRef): string {
  return `Check the password of <keyStore id="defaultKeyStore"> in server.xml: it must open ${ks.file} (keytool -list -keystore ${ks.file} -storetype ${ks.type}).`;
}

/** Every entry of a keystore (`keytool -list -rfc`): alias, kind, certificate. */
export async function listEntries(runner: Runner, ks: KeystoreRef): Promise<StoreEntry[]> {
  if (ks.type === 'PKCS12') {
    const viaForge = readPkcs12(ks.file, ks.password);
    if (viaForge) return viaForge;
  }
  const spec: CommandSpec = { ...keytoolSpec(['-list', '-rfc', ...storeArgs(ks)], { [STOREPASS_VAR]: ks.password }), outputIsData: true };
  const result = await runner.run(spec);
  if (result.exitCode !== 0) throw keytoolFailure(spec, `Reading keystore ${ks.file}`, result, passwordFix(ks));
  return parseListRfc(result.stdout);
}

/** Parses `keytool -list -rfc` output. */
export function parseListRfc(text: string): StoreEntry[] {
  const entries: StoreEntry[] = [];
  const blocks = text.split(/^Alias name: /m).slice(1);
  for (const block of blocks) {
    const alias = block.split('\n')[0].trim();
    const type = /Entry type: (\w+)/.exec(block)?.[1] ?? '';
    const pem = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(block)?.[0];
    if (!pem) continue;
    entries.push(storeEntry(alias, /PrivateKeyEntry/i.test(type) ? 'key' : 'trusted', `${pem}\n`));
  }
  return entries;
}

/** The certificate of one entry, PEM (`keytool -exportcert -rfc`, to stdout). */
export async function exportCertificate(runner: Runner, ks: KeystoreRef, alias = 'default'): Promise<string> {
  const spec: CommandSpec = { ...keytoolSpec(['-exportcert', '-rfc', '-alias', alias, ...storeArgs(ks)], { [STOREPASS_VAR]: ks.password }), outputIsData: true };
  const result = await runner.run(spec);
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(result.stdout)?.[0];
  if (result.exitCode !== 0 || !pem) {
    const fix = /does not exist/i.test(result.output)
      ? `The keystore ${ks.file} has no "${alias}" entry; move it away so that Liberty generates a new one at the next start.`
      : passwordFix(ks);
    throw keytoolFailure(spec, `Exporting certificate "${alias}" from ${ks.file}`, result, fix);
  }
  return `${pem}\n`;
}

/**
 * Creates the default certificate offline, as Liberty does at first start (and as
 * `securityUtility createSSLCertificate` does): alias default, RSA 2048, SHA256withRSA.
 */
export async function createDefaultCertificate(runner: Runner, ks: KeystoreRef, dn: string, validityDays = 365): Promise<void> {
  fs.mkdirSync(path.dirname(ks.file), { recursive: true });
  const spec = keytoolSpec(
    ['-genkeypair', '-noprompt', '-alias', 'default', '-keyalg', 'RSA', '-keysize', '2048', '-sigalg', 'SHA256withRSA', '-validity', String(validityDays), '-dname', dn, ...storeArgs(ks), '-keypass:env', STOREPASS_VAR],
    { [STOREPASS_VAR]: ks.password },
  );
  const result = await runner.run(spec);
  if (result.exitCode !== 0) throw keytoolFailure(spec, `Creating the default certificate in ${ks.file}`, result, `Check that ${path.dirname(ks.file)} is writable and that the password has at least 6 characters.`);
}

/** Deletes one entry; a missing alias is not an error. */
export async function deleteEntry(runner: Runner, ks: KeystoreRef, alias: string): Promise<void> {
  const spec = keytoolSpec(['-delete', '-alias', alias, ...storeArgs(ks)], { [STOREPASS_VAR]: ks.password });
  const result = await runner.run(spec);
  if (result.exitCode !== 0 && !/does not exist/i.test(result.output)) throw keytoolFailure(spec, `Deleting "${alias}" from ${ks.file}`, result, passwordFix(ks));
}

/**
 * Imports several certificates as trusted entries in ONE keytool call: they are written to a
 * temporary JKS bundle (a random password, through the environment) and merged with
 * `keytool -importkeystore`; an entry with the same alias is replaced. keytool rewrites the
 * keystore in place, so it works on a copy beside it that is then renamed over it: a server
 * that reloads its keystore while running never reads a half-written file, and a crash leaves
 * the keystore as it was.
 */
export async function importTrustedCertificates(runner: Runner, ks: KeystoreRef, certificates: TrustedCertificate[]): Promise<void> {
  if (!certificates.length) return;
  const dir = fs.mkdtempSync(path.join(temporaryParent(), 'pmf-wizard-trust-'));
  // Same directory as the keystore, so that the rename is atomic; a crash's leftover is replaced here.
  const copy = path.join(path.dirname(ks.file), `pmf-wizard-trust-${path.basename(ks.file)}.new`);
  try {
    const existing = fs.existsSync(ks.file);
    if (existing) {
      fs.copyFileSync(ks.file, copy);
      fs.chmodSync(copy, fs.statSync(ks.file).mode & 0o7777);
    } else fs.rmSync(copy, { force: true });
    const bundlePassword = crypto.randomBytes(18).toString('base64url');
    const bundle = path.join(dir, 'peers.jks');
    fs.writeFileSync(bundle, writeJksTrustStore(certificates, bundlePassword), { mode: 0o600 });
    const spec = keytoolSpec(
      [
        '-importkeystore',
        '-noprompt',
        '-srckeystore',
        bundle,
        '-srcstoretype',
        'JKS',
        '-srcstorepass:env',
        SRCPASS_VAR,
        '-destkeystore',
        existing ? copy : ks.file,
        '-deststoretype',
        ks.type,
        '-deststorepass:env',
        STOREPASS_VAR,
      ],
      { [STOREPASS_VAR]: ks.password, [SRCPASS_VAR]: bundlePassword },
    );
    const result = await runner.run(spec);
    if (result.exitCode !== 0 || /Import command completed:\s*\d+ entries successfully imported, [1-9]/.test(result.output)) {
      throw keytoolFailure(spec, `Importing ${certificates.map((c) => c.alias).join(', ')} into ${ks.file}`, result, passwordFix(ks));
    }
    if (existing) fs.renameSync(copy, ks.file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(copy, { force: true });
  }
}

