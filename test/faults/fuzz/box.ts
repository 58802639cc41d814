/**
 * One fuzzed answers file's world: its directory (the answers file, the fixture files a mutation
 * needs, the sandbox every directory answer points into, the HOME and TMPDIR the CLI is given)
 * and its state directory, the only place the CLI may write. The base answers are the samples of
 * fixtures/answers made valid on this machine: Liberty from the test archive, PMF from the
 * stand-in, everything written under the sandbox, node 1's HTTP port held by the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../../support/cli.js';
import { libertyArchive } from '../../support/liberty.js';

export type Base = 'derby' | 'mysql';
export type Answers = Record<string, unknown>;

export const ADMIN_PASSWORD = 'Fz-s3cret-pw-42';
export const DB_PASSWORD = 'Db-pw-fuzz-7';
const ROOT_PASSWORD = 'Root-pw-fuzz-9';

export interface Ports {
  /** Held by a listener of the test: a valid file's run stops at the preflight, on this port. */
  held: number;
  free: number[];
}

export interface Box {
  dir: string;
  /** Where every directory the answers name lies; the run must refuse before writing there. */
  sandbox: string;
  home: string;
  tmp: string;
  state: string;
  answersFile: string;
  /** Environment variables a mutation adds for the CLI (a secret given as {"env": NAME}). */
  env: Record<string, string>;
  ports: Ports;
}

export function makeBox(parent: string, index: number, ports: Ports): Box {
  const dir = path.join(parent, `f${index}`);
  const box: Box = {
    dir,
    sandbox: path.join(dir, 'box'),
    home: path.join(dir, 'home'),
    tmp: path.join(dir, 'tmp'),
    state: path.join(dir, 'state'),
    answersFile: path.join(dir, 'answers.json'),
    env: {},
    ports,
  };
  for (const made of [box.sandbox, box.home, box.tmp]) fs.mkdirSync(made, { recursive: true });
  return box;
}

/** A file in the sandbox, for a secret or an answers file a mutation needs. */
export function sandboxFile(box: Box, name: string, content: string | Buffer): string {
  const file = path.join(box.sandbox, name);
  fs.writeFileSync(file, content, { mode: 0o600 });
  return file;
}

function sample(name: string): Answers {
  return JSON.parse(fs.readFileSync(path.join(root, 'fixtures', 'answers', name), 'utf8')) as Answers;
}

/** The sample of that base, valid on this machine, every directory in the sandbox. */
export function baseAnswers(base: Base, box: Box): Answers {
  const { held, free } = box.ports;
  const liberty = {
    installMethod: 'archive',
    archive: libertyArchive,
    installDir: path.join(box.sandbox, 'liberty'),
    userDir: path.join(box.sandbox, 'wlp-usr'),
    acceptLicense: true,
  };
  if (base === 'derby') {
    const answers = sample('single-node-derby.json');
    answers.liberty = liberty;
    answers.database = { type: 'derby', dataDir: path.join(box.sandbox, 'derby') };
    (answers.pmf as Answers).installDir = path.join(root, 'fixtures', 'pmf');
    answers.nodes = [{ name: 'pmf1', httpPort: held, httpsPort: free[0] }];
    return answers;
  }
  const answers = sample('farm-2-mysql.json');
  answers.liberty = liberty;
  const database = answers.database as Answers;
  (database.admin as Answers).password = { file: sandboxFile(box, 'root-pw', `${ROOT_PASSWORD}\n`) };
  (answers.pmf as Answers).installDir = path.join(root, 'fixtures', 'pmf');
  answers.nodes = [
    { name: 'pmf1', httpPort: held, httpsPort: free[0] },
    { name: 'pmf2', httpPort: free[1], httpsPort: free[2] },
  ];
  return answers;
}

/** Every file below dir but the state directory, with its size and modification time: equal maps, nothing written. */
export function snapshot(dir: string, skip: string): Map<string, string> {
  const seen = new Map<string, string>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (full === skip) continue;
      const stat = fs.lstatSync(full);
      seen.set(full, entry.isDirectory() ? 'dir' : `${stat.size}:${stat.mtimeMs}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return seen;
}

/** What is new or changed in `after`: the paths written. */
export function written(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([file, mark]) => before.get(file) !== mark && !(mark === 'dir' && before.has(file))).map(([file]) => file);
}
