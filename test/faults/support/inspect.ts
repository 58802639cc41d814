/**
 * What the fault suite counts after a run: processes left behind, secret or temporary files left
 * behind, a canary password in a file others can read, elements written twice into a server's
 * configuration, and files that no longer parse.
 */
import { execa } from 'execa';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import fs from 'node:fs';
import path from 'node:path';
import { defaultKeystoreOf } from '../../../source/adapters/keystore/default-keystore.js';
import { encodeXor } from '../../../source/adapters/keystore/liberty-password.js';
import { commandLineOf, processStartTime } from '../../../source/adapters/process-table.js';
import type { StartedCommand, Target } from './target.js';

function readOr(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Processes that belong to the target and should not run: anything whose command line or working
 * directory is under it, or that a killed run started and still runs, less one Liberty JVM per
 * node (a second JVM of the same server counts).
 */
export function orphans(target: Target, started: StartedCommand[] = []): string[] {
  const recorded = new Set(started.map((c) => `${c.pid}:${c.startTime}`));
  const servers = new Map<string, number>();
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const argv = commandLineOf(Number(pid))?.filter(Boolean);
    const startTime = processStartTime(Number(pid));
    if (!argv?.length || startTime === undefined) continue;
    let cwd = '';
    try {
      cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // gone, or not ours to read
    }
    const ours = argv.some((arg) => arg.includes(target.dir)) || cwd.startsWith(target.dir) || recorded.has(`${pid}:${startTime}`);
    if (!ours) continue;
    const jar = argv.findIndex((arg) => arg.endsWith('ws-server.jar'));
    const node = jar >= 0 ? argv.slice(jar + 1).find((arg) => target.nodes.includes(arg)) : undefined;
    if (node && !servers.has(node)) {
      servers.set(node, Number(pid));
      continue;
    }
    found.push(`${pid} ${argv.join(' ').slice(0, 160)}`);
  }
  return found;
}

const TEXT_LIMIT = 2_000_000;

/** Every file below dir; a running server adds and removes files under workarea/ while this reads. */
function filesBelow(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => (entry.isDirectory() ? filesBelow(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

/** Files under the target worth reading for a secret: not the Liberty runtime's own archives. */
function readableFiles(target: Target): string[] {
  const runtime = path.join(target.liberty, 'lib');
  return filesBelow(target.dir).filter((file) => !file.startsWith(runtime) && !/\.(jar|esa|zip)$/.test(file));
}

/**
 * Whether a user other than the owner can read the file: its group (or other) read bit, and the
 * same class's search bit on every directory from the target down to it.
 */
function statOrGone(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

function readableByOthers(file: string, mode: number, base: string): boolean {
  let group = (mode & 0o040) !== 0;
  let other = (mode & 0o004) !== 0;
  for (let dir = path.dirname(file); (group || other) && dir.startsWith(base) && dir !== base; dir = path.dirname(dir)) {
    const dirMode = statOrGone(dir)?.mode ?? 0;
    group &&= (dirMode & 0o010) !== 0;
    other &&= (dirMode & 0o001) !== 0;
  }
  return group || other;
}

/** Secret or temporary files a finished run must not leave, and canaries in files others can read. */
export function leftovers(target: Target, secrets: string[]): string[] {
  const found: string[] = [];
  const tmp = path.join(target.state, 'tmp');
  for (const file of filesBelow(tmp)) found.push(`left in ${tmp}: ${path.relative(tmp, file)}`);
  const forms = secrets.flatMap((secret) => [secret, encodeXor(secret)]);
  for (const file of readableFiles(target)) {
    const name = path.basename(file);
    if (/^secrets-.*\.properties$/.test(name) || file.includes('pmf-wizard-trust-')) found.push(`temporary secret file ${file}`);
    const stat = statOrGone(file);
    if (!stat?.isFile() || stat.size > TEXT_LIMIT || !readableByOthers(file, stat.mode, target.dir)) continue;
    const text = readOr(file) ?? '';
    if (forms.some((form) => text.includes(form))) found.push(`a password in ${file} (mode ${(stat.mode & 0o777).toString(8)}), which another user can read`);
  }
  return found;
}

/** The passwords a target's run generated (state/secrets), to look for besides the canaries. */
export function generatedSecrets(target: Target): string[] {
  const dir = path.join(target.state, 'secrets');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => readOr(path.join(dir, name))?.trim() ?? '')
    .filter((value) => value.length >= 6 && !value.includes('\n'));
}

type XmlNode = Record<string, unknown>;
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@' });

/** Siblings that are the same element twice, and ids given to two elements of one kind. */
function duplicateElements(nodes: XmlNode[], where: string, ids: Map<string, number>, found: string[]): void {
  const seen = new Set<string>();
  for (const node of nodes) {
    const tag = Object.keys(node).find((key) => key !== ':@');
    if (!tag || tag === '#text' || tag === '?xml') continue;
    const key = JSON.stringify(node);
    if (seen.has(key)) found.push(`${where}: <${tag}> twice: ${key.slice(0, 120)}`);
    seen.add(key);
    const id = (node[':@'] as Record<string, string> | undefined)?.['@id'];
    if (id) ids.set(`${tag}#${id}`, (ids.get(`${tag}#${id}`) ?? 0) + 1);
    duplicateElements(node[tag] as XmlNode[], `${where}/${tag}`, ids, found);
  }
}

function duplicateKeys(file: string, separator: RegExp): string[] {
  const text = readOr(file);
  if (text === undefined) return [];
  const keys = text.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')).map((line) => line.split(separator)[0]);
  return keys.filter((key, i) => keys.indexOf(key) !== i).map((key) => `${file}: ${key} twice`);
}

export interface ConfigFindings {
  duplicates: string[];
  corrupt: string[];
}

/** Each node's configuration: XML well formed and without doubles, property files without doubled keys, keystores that open, LTPA keys whole. */
export async function configFindings(target: Target): Promise<ConfigFindings> {
  const duplicates: string[] = [];
  const corrupt: string[] = [];
  const checkpoint = readOr(path.join(target.state, 'checkpoint.json'));
  try {
    if (checkpoint !== undefined) JSON.parse(checkpoint);
  } catch {
    corrupt.push('checkpoint.json does not parse');
  }
  for (const node of target.nodes) {
    const home = path.join(target.userDir, 'servers', node);
    const xmlFiles = filesBelow(home).filter((file) => file.endsWith('.xml') && !file.includes(`${path.sep}apps${path.sep}`) && !file.includes(`${path.sep}workarea${path.sep}`));
    for (const file of xmlFiles) {
      const text = readOr(file) ?? '';
      if (XMLValidator.validate(text) !== true) {
        corrupt.push(`${file} is not well-formed XML`);
        continue;
      }
      const ids = new Map<string, number>();
      duplicateElements(parser.parse(text) as XmlNode[], path.relative(target.dir, file), ids, duplicates);
      for (const [id, count] of ids) if (count > 1) duplicates.push(`${path.relative(target.dir, file)}: ${id} ${count} times`);
    }
    duplicates.push(...duplicateKeys(path.join(home, 'jvm.options'), /$/), ...duplicateKeys(path.join(home, 'bootstrap.properties'), /=/), ...duplicateKeys(path.join(home, 'server.env'), /=/));
    const ltpa = readOr(path.join(home, 'resources', 'security', 'ltpa.keys'));
    if (ltpa !== undefined && !['com.ibm.websphere.ltpa.3DESKey', 'com.ibm.websphere.ltpa.PrivateKey', 'com.ibm.websphere.ltpa.PublicKey'].every((key) => ltpa.includes(`${key}=`))) {
      corrupt.push(`${node}: ltpa.keys lacks a key`);
    }
    await keystoreFindings(home, node, duplicates, corrupt);
  }
  return { duplicates, corrupt };
}

/** The node's keystore opens with its password from server.xml, and holds no certificate twice. */
async function keystoreFindings(home: string, node: string, duplicates: string[], corrupt: string[]): Promise<void> {
  const store = defaultKeystoreOf(home);
  if (!store || !fs.existsSync(store.file)) return;
  const listing = await execa('keytool', ['-list', '-v', '-keystore', store.file, '-storetype', store.type, '-storepass:env', 'FAULT_KS_PW'], { env: { FAULT_KS_PW: store.password }, reject: false });
  if (listing.exitCode !== 0) {
    corrupt.push(`${node}: ${path.basename(store.file)} does not open: ${listing.stdout.split('\n').slice(-2).join(' ')}`);
    return;
  }
  const prints = [...listing.stdout.matchAll(/SHA256: ([0-9A-F:]+)/g)].map((match) => match[1]);
  if (prints.some((print, i) => prints.indexOf(print) !== i)) duplicates.push(`${node}: ${path.basename(store.file)} holds a certificate under two aliases`);
}
