/**
 * The ways admins and machines break the values of an answers file, as fast-check arbitraries.
 * Each mutation changes one target (a question, the nodes, an extra key) of the base answers and
 * says what the wizard must name: the question broken (by its prompt), or the key written.
 */
import fc from 'fast-check';
import path from 'node:path';
import { deleteAt, getAt, setAt } from '../../../source/engine/questions.js';

import { type Answers, type Base, type Box, sandboxFile } from './box.js';
import { secretMutation } from './secrets.js';

/** What the output of validate and of the run must show. */
export type Expect = { question: string } | { key: string } | { file: string };

export interface Mutation {
  /** The row of the table. */
  kind: string;
  /** What was done, for a failure report. */
  detail: string;
  /** One mutation per target in a file, so none undoes another. */
  target: string;
  /** The answers stay valid. */
  valid?: boolean;
  /** It changes which other questions apply (database.type, liberty.installMethod): alone in its file. */
  gate?: boolean;
  apply(answers: Answers, box: Box): Expect[];
}

const SHARED_STRINGS = ['liberty.archive', 'liberty.installDir', 'liberty.userDir', 'pmf.installDir', 'pmf.adminUser'];
export const STRING_PATHS: Record<Base, string[]> = {
  derby: [...SHARED_STRINGS, 'database.dataDir'],
  mysql: [...SHARED_STRINGS, 'database.host', 'database.name', 'database.user', 'database.driverDir', 'database.admin.user'],
};
const WRITTEN_INTO: Record<Base, string[]> = {
  derby: ['liberty.installDir', 'liberty.userDir', 'database.dataDir'],
  mysql: ['liberty.installDir', 'liberty.userDir'],
};
export const SECRET_PATHS: Record<Base, string[]> = {
  derby: ['pmf.adminPassword'],
  mysql: ['pmf.adminPassword', 'database.password', 'database.admin.password'],
};
const REQUIRED: Record<Base, string[]> = {
  derby: ['liberty.acceptLicense', 'liberty.archive', 'pmf.adminPassword'],
  mysql: ['liberty.acceptLicense', 'liberty.archive', 'pmf.adminPassword', 'database.password'],
};

const broke = (question: string): Expect[] => [{ question }];

function setTo(kind: string, target: string, value: unknown, options: { valid?: boolean; gate?: boolean } = {}): Mutation {
  const shown = typeof value === 'string' && value.length > 60 ? `${JSON.stringify(value.slice(0, 40))}… (${value.length} chars)` : JSON.stringify(value);
  return {
    kind,
    detail: `${target} = ${shown}`,
    target,
    ...options,
    apply(answers) {
      setAt(answers, target, value);
      return options.valid ? [] : broke(target);
    },
  };
}

const wrongType = (base: Base) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...STRING_PATHS[base], ...SECRET_PATHS[base]), fc.constantFrom<unknown>(42, true, null, [], {}, ['a'], 0.5)),
    fc.tuple(fc.constant('liberty.acceptLicense'), fc.constantFrom<unknown>('true', 1, null, 'yes', false)),
    fc.tuple(fc.constant('nodes'), fc.constantFrom<unknown>('pmf1', {}, [], null, 9080, [null], ['pmf1'])),
    ...(base === 'mysql' ? [fc.tuple(fc.constant('database.port'), fc.constantFrom<unknown>('3306', true, null, [3306]))] : []),
  ).map(([target, value]) => setTo('wrong type', target, value));

const gates = fc.oneof(
  fc.constantFrom<unknown>(42, 'zip', 'IMCL', null, '').map((value) => setTo('wrong type', 'liberty.installMethod', value, { gate: true })),
  fc.constantFrom<unknown>('sqlite', 'MySQL', 3, null, ['derby']).map((value) => setTo('wrong type', 'database.type', value, { gate: true })),
);

const missing = (base: Base) =>
  fc.oneof(
    fc.constantFrom(...REQUIRED[base]).map((target): Mutation => ({
      kind: 'missing required key',
      detail: `${target} removed`,
      target,
      apply(answers) {
        deleteAt(answers, target);
        return broke(target);
      },
    })),
    fc.constantFrom(['pmf', 'pmf.adminPassword'], ['database', 'database.type'], ['liberty', 'liberty.acceptLicense']).map(([group, question]): Mutation => ({
      kind: 'missing required key',
      detail: `the whole ${group} group removed`,
      target: group,
      gate: true,
      apply(answers) {
        delete answers[group];
        return broke(question);
      },
    })),
  );

/** A key misspelt as people do: a letter dropped, the case changed, a letter added. */
function misspelt(key: string, how: number): string {
  if (how === 0 && key.length > 3) return key.slice(0, 2) + key.slice(3);
  if (how === 1) return key.toLowerCase() === key ? key.toUpperCase() : key.toLowerCase();
  return `${key}s`;
}

const unknownKeys = (base: Base) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...STRING_PATHS[base], ...REQUIRED[base]), fc.integer({ min: 0, max: 2 })).map(([target, how]): Mutation => {
      const parts = target.split('.');
      const typo = [...parts.slice(0, -1), misspelt(parts.at(-1)!, how)].join('.');
      return {
        kind: 'unknown key',
        detail: `${target} written as ${typo}`,
        target,
        apply(answers) {
          const value = getAt(answers, target);
          deleteAt(answers, target);
          setAt(answers, typo, value);
          return REQUIRED[base].includes(target) ? [{ key: typo }, { question: target }] : [{ key: typo }];
        },
      };
    }),
    fc.constantFrom('comment', 'Liberty', 'node', 'version').map((key): Mutation => ({
      kind: 'unknown key',
      detail: `top-level "${key}" added`,
      target: `extra:${key}`,
      apply(answers) {
        answers[key] = key === 'Liberty' ? { installDir: '/opt' } : 'x';
        return [{ key }];
      },
    })),
    fc.constantFrom('host', 'port', 'Name').map((key): Mutation => ({
      kind: 'unknown key',
      detail: `nodes[0].${key} added`,
      target: 'nodes',
      apply(answers) {
        (answers.nodes as Answers[])[0][key] = 'x';
        return [{ question: 'nodes' }, { key }];
      },
    })),
  );

function nodeChange(kind: string, detail: string, change: (nodes: Answers[]) => void, valid = false): Mutation {
  return {
    kind,
    detail,
    target: 'nodes',
    valid,
    apply(answers) {
      change(answers.nodes as Answers[]);
      return valid ? [] : broke('nodes');
    },
  };
}

const ports = (base: Base) =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom('httpPort', 'httpsPort'), fc.constantFrom<unknown>(0, -1, 65536, 99999, 1.5, '9080', null, 1e12))
      .map(([key, value]) => nodeChange('port out of range', `nodes[0].${key} = ${JSON.stringify(value)}`, (nodes) => (nodes[0][key] = value))),
    fc.constant(nodeChange('duplicate port or name', 'nodes[0].httpsPort = its httpPort', (nodes) => (nodes[0].httpsPort = nodes[0].httpPort))),
    fc.constant(
      nodeChange('duplicate port or name', 'a node with the same name', (nodes) => {
        if (nodes.length > 1) nodes[1].name = nodes[0].name;
        else nodes.push({ name: nodes[0].name, httpPort: 19080, httpsPort: 19443 });
      }),
    ),
    fc.constant(nodeChange('duplicate port or name', 'a node on node 1’s HTTPS port', (nodes) => nodes.push({ name: 'pmfx', httpPort: nodes[0].httpsPort, httpsPort: 19444 }))),
    ...(base === 'mysql' ? [fc.constantFrom<unknown>(0, 65536, -5, 3.5, 1e9).map((value) => setTo('port out of range', 'database.port', value))] : []),
  );

const BAD_NAMES = ['-pmf', '.pmf', 'pm f', 'pm/f', 'pmf$', '', '..', 'pmf:1', 'pmf😀', 'pmf\u200b', 'x'.repeat(64), 'pmf*', 'ëé-\u202e'];
const nodeNames = fc.constantFrom(...BAD_NAMES).map((name) => nodeChange('node name against Liberty’s rules', `nodes[0].name = ${JSON.stringify(name)}`, (nodes) => (nodes[0].name = name)));

const CONTROLS = ['\u0000', '\n', '\u001b', '\t', '\r', '\u007f', '\u0001'];
const controls = (base: Base) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...STRING_PATHS[base], 'nodes[0].name'), fc.constantFrom(...CONTROLS), fc.nat()).map(([target, char, at]): Mutation => ({
      kind: 'control character',
      detail: `${JSON.stringify(char)} inserted into ${target}`,
      target: target.startsWith('nodes') ? 'nodes' : target,
      apply(answers) {
        const node = (answers.nodes as Answers[])[0];
        const value = target.startsWith('nodes') ? String(node.name) : String(getAt(answers, target));
        const cut = 1 + (at % Math.max(1, value.length - 1));
        const changed = value.slice(0, cut) + char + value.slice(cut);
        if (target.startsWith('nodes')) node.name = changed;
        else setAt(answers, target, changed);
        return broke(target.startsWith('nodes') ? 'nodes' : target);
      },
    })),
    fc.tuple(fc.constantFrom(...SECRET_PATHS[base]), fc.constantFrom('\u001b', '\t', '\u007f', '\u0001'), fc.boolean()).map(([target, char, viaEnv]): Mutation => ({
      kind: 'control character',
      detail: `${JSON.stringify(char)} inside the secret of ${target}, given by ${viaEnv ? 'env' : 'file'}`,
      target,
      apply(answers, box) {
        const secret = `Good-pw${char}-123`;
        const name = `FUZZ_${target.replace(/\W/g, '_').toUpperCase()}`;
        if (viaEnv) box.env[name] = secret;
        setAt(answers, target, viaEnv ? { env: name } : { file: sandboxFile(box, `${name}.txt`, `${secret}\n`) });
        return broke(target);
      },
    })),
  );

const TEN_KB = 10 * 1024;
const longStrings = (base: Base) =>
  fc.oneof(
    fc.constantFrom(...WRITTEN_INTO[base], 'pmf.installDir', 'liberty.archive').chain((target) =>
      fc.constantFrom(`/${'x'.repeat(TEN_KB)}`, `/tmp/${'y'.repeat(300)}/z`).map((value) => setTo('very long string (10 KB)', target, value)),
    ),
    fc.constantFrom('pmf.adminUser', 'pmf.adminPassword', ...(base === 'mysql' ? ['database.name', 'database.user', 'database.admin.user'] : [])).map((target) =>
      setTo('very long string (10 KB)', target, 'x'.repeat(TEN_KB)),
    ),
    fc.constant(nodeChange('very long string (10 KB)', 'nodes[0].name of 10 KB', (nodes) => (nodes[0].name = 'n'.repeat(TEN_KB)))),
  );

const unicode = (base: Base) =>
  fc.oneof(
    fc.constant(nodeChange('unicode', 'nodes[0].name = "nœud-ü"', (nodes) => (nodes[0].name = 'nœud-ü'), true)),
    fc.constantFrom(...WRITTEN_INTO[base]).map((target): Mutation => ({
      kind: 'unicode',
      detail: `${target} under "ünïcødé dïr ✓"`,
      target,
      valid: true,
      apply(answers, box) {
        setAt(answers, target, path.join(box.sandbox, 'ünïcødé dïr ✓', path.basename(String(getAt(answers, target)))));
        return [];
      },
    })),
    fc.constantFrom('ädmin', 'admin\u202e', 'ad min').map((value) => setTo('unicode', 'pmf.adminUser', value)),
    ...(base === 'mysql' ? [fc.constantFrom('MFPDÄTA', 'données').map((value) => setTo('unicode', 'database.name', value))] : []),
  );

const SYSTEM_DIRS = ['/', '/etc', '/usr', '/var', '/bin', '/usr/', '//', '/etc/..', '/usr/lib/..', '/proc', '/boot'];
const systemDirs = (base: Base) =>
  fc.tuple(fc.constantFrom(...WRITTEN_INTO[base]), fc.constantFrom(...SYSTEM_DIRS, 'HOME')).map(([target, dir]): Mutation => ({
    kind: 'system directory',
    detail: `${target} = ${dir}`,
    target,
    apply(answers, box) {
      setAt(answers, target, dir === 'HOME' ? box.home : dir);
      return broke(target);
    },
  }));

const relativePaths = (base: Base) =>
  fc.oneof(
    fc.constantFrom(...WRITTEN_INTO[base]).map((target): Mutation => ({
      kind: 'relative path',
      detail: `${target} relative to the answers file, inside the sandbox`,
      target,
      valid: true,
      apply(answers, box) {
        setAt(answers, target, path.join(path.relative(box.dir, box.sandbox), `rel-${path.basename(String(getAt(answers, target)))}`));
        return [];
      },
    })),
    fc.constantFrom<[string, string]>(['pmf.installDir', 'fixtures/pmf'], ['liberty.archive', 'wlp.zip'], ['pmf.installDir', '../../fixtures/pmf']).map(([target, value]) =>
      setTo('relative path', target, value),
    ),
  );

const stillValid = (base: Base) =>
  fc.oneof(
    fc.constant<Mutation>({ kind: 'valid', detail: '$schema removed', target: '$schema', valid: true, apply: (answers) => (delete answers.$schema, []) }),
    fc.constant(setTo('valid', 'pmf.adminContextRoot', '/mfpadmin', { valid: true })),
    fc.constant(setTo('valid', 'pmf.startTimeoutSeconds', 300, { valid: true })),
    fc.constant(setTo('valid', 'pmf.adminPassword', 'Clear-pw-123', { valid: true })),
    fc.constant<Mutation>({ kind: 'valid', detail: 'liberty.userDir removed (optional)', target: 'liberty.userDir', valid: true, apply: (answers) => (deleteAt(answers, 'liberty.userDir'), []) }),
  );

/** Any one mutation of a value that another in the same file cannot undo. */
export function valueMutation(base: Base): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 3, arbitrary: wrongType(base) },
    { weight: 2, arbitrary: missing(base).filter((m) => !m.gate) },
    { weight: 2, arbitrary: unknownKeys(base) },
    { weight: 2, arbitrary: ports(base) },
    { weight: 2, arbitrary: nodeNames },
    { weight: 3, arbitrary: controls(base) },
    { weight: 2, arbitrary: longStrings(base) },
    { weight: 2, arbitrary: unicode(base) },
    { weight: 2, arbitrary: systemDirs(base) },
    { weight: 2, arbitrary: relativePaths(base) },
    { weight: 4, arbitrary: secretMutation(base, SECRET_PATHS[base]) },
    { weight: 3, arbitrary: stillValid(base) },
  );
}

/** A mutation that changes which questions apply: the only one of its file. */
export function gateMutation(base: Base): fc.Arbitrary<Mutation> {
  // With a DBA creating the database the admin credentials are not used (ignored, with a warning).
  const dba = base === 'mysql' ? [fc.constant(setTo('valid', 'database.mode', 'dba', { valid: true, gate: true }))] : [];
  return fc.oneof(gates, missing(base).filter((m) => Boolean(m.gate)), ...dba);
}



