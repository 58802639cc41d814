/**
 * Step 3: fill the Ant properties. Following the tutorial ("Deploying PMF to Liberty with Ant
 * tasks"), copy <pmf>/MobileFoundationServer/configuration-samples/configure-liberty-<db>.xml,
 * one copy per node under <state>/ant/<node>/, and set every property the tutorial lists from
 * the answers already given. The copies hold no secret: a secret property keeps the
 * `************` placeholder (run by hand, Ant asks for it), and the deploy step hands the
 * real values to Ant in a mode-0600 property file that lives only while Ant runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { differingProperties, propertyMap, setProperties, AntFileError } from '../../source/adapters/ant-file.js';
import { StepFailure, type FieldProblem } from '../../source/engine/errors.js';
import type { PlannedAction } from '../../source/engine/events.js';
import { existingDirectory, executableFile } from '../../source/engine/fields.js';
import type { PartialAnswers, Question } from '../../source/engine/questions.js';
import type { Step, StepContext } from '../../source/engine/step.js';
import type { Answers, NodeAnswer } from '../../source/engine/types.js';
import { resolve as resolveDatabase } from '../create-database/index.js';

/** What Ant reads instead of a secret in the copy; the PMF Ant files prompt for it when run by hand. */
export const SECRET_PLACEHOLDER = '************';

const SAMPLES = path.join('MobileFoundationServer', 'configuration-samples');

// ---------------------------------------------------------------------------------------
// Answers

function pmfOf(answers: PartialAnswers): Record<string, unknown> {
  const value = answers.pmf;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** The Ant the tutorial uses: <pmf>/tools/apache-ant-*\/bin/ant (the highest version when several). */
export function bundledAnt(pmfInstallDir: string): string | undefined {
  const tools = path.join(pmfInstallDir, 'tools');
  let names: string[];
  try {
    names = fs.readdirSync(tools).filter((name) => name.startsWith('apache-ant-'));
  } catch {
    return undefined;
  }
  const collator = new Intl.Collator('en', { numeric: true });
  for (const name of names.sort((a, b) => collator.compare(b, a))) {
    const ant = path.join(tools, name, 'bin', 'ant');
    if (fs.existsSync(ant)) return ant;
  }
  return undefined;
}

const contextRoot = z
  .string()
  .regex(/^\/[A-Za-z0-9._-]+$/, 'must be a slash then letters, digits, . _ or - (e.g. /mfpadmin)');

const RESERVED_ROOTS = ['/mfpconsole', '/imfpush', '/mfp-dev-artifacts'];

export const antPropertiesQuestions: Question[] = [
  {
    path: 'pmf.installDir',
    kind: 'path',
    schema: existingDirectory.refine((dir) => !fs.existsSync(dir) || fs.existsSync(path.join(dir, SAMPLES)), {
      message: `holds no ${SAMPLES}/: it is not a PMF installation directory`,
    }),
    prompt: 'PMF installation directory',
    help: `Where PMF is installed (pmf_install_dir in the tutorial); it holds ${SAMPLES}/.`,
    fix: `Set pmf.installDir to the PMF installation directory, the one that holds ${SAMPLES}/.`,
    default: '/opt/IBM/PMF',
  },
  {
    path: 'pmf.antPath',
    kind: 'path',
    schema: executableFile,
    prompt: 'Ant to run the PMF Ant files with',
    help: 'Default: the Ant bundled with PMF, <pmf>/tools/apache-ant-*/bin/ant, as the tutorial uses.',
    fix: 'Set pmf.antPath to an executable Ant (e.g. <pmf>/tools/apache-ant-1.9.4/bin/ant), or remove it to use the bundled one.',
    default: (a: PartialAnswers) => {
      const dir = pmfOf(a).installDir;
      return typeof dir === 'string' ? bundledAnt(dir) : undefined;
    },
    optional: true,
  },
  {
    path: 'pmf.javaHome',
    kind: 'path',
    schema: existingDirectory.refine((dir) => !fs.existsSync(dir) || fs.existsSync(path.join(dir, 'bin', 'java')), { message: 'holds no bin/java' }),
    prompt: 'JAVA_HOME for Ant (empty: the environment’s)',
    help: 'The Java runtime Ant runs the PMF tasks with; empty keeps JAVA_HOME or java on the PATH.',
    optional: true,
  },
  {
    path: 'pmf.adminUser',
    kind: 'text',
    schema: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'letters, digits, _ . @ or - (at most 64)'),
    prompt: 'User name of the Operations Console administrator',
    help: 'Created in the Liberty basic registry with the administration roles (mfp.admin.default.user).',
    default: 'admin',
  },
  {
    path: 'pmf.adminPassword',
    kind: 'password',
    schema: z.string().min(8, 'must have at least 8 characters (the tutorial’s admin is for a throw-away test only)').max(128, 'at most 128 characters').regex(/^[^\n\r]*$/, 'must be one line'),
    prompt: 'Initial password of that administrator',
    help: 'mfp.admin.default.user.initialpassword; give it as {"env": "NAME"} or {"file": "PATH"}; never written to disk.',
    fix: 'Give pmf.adminPassword, at least 8 characters, as {"env": "PMF_ADMIN_PASSWORD"} or {"file": "/path"}.',
    secret: true,
  },
  {
    path: 'pmf.adminContextRoot',
    kind: 'text',
    schema: contextRoot,
    prompt: 'Context root of the administration service',
    help: 'mfp.admin.contextroot; the live update service gets <root>config (the tutorial uses /mfpadmin).',
    default: '/mfpadmin',
  },
  {
    path: 'pmf.runtimeContextRoot',
    kind: 'text',
    schema: contextRoot,
    prompt: 'Context root of the PMF runtime',
    help: 'mfp.runtime.contextroot; mobile apps connect to it (the tutorial uses /mfp).',
    default: '/mfp',
  },
  {
    path: 'pmf.adminClientId',
    kind: 'text',
    schema: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . or - (at most 64)'),
    prompt: 'OAuth client id of the administration service',
    help: 'mfp.admin.client.id (tutorial: admin-client-id); its secret is generated and kept in the state dir.',
    default: 'admin-client-id',
  },
  {
    path: 'pmf.pushClientId',
    kind: 'text',
    schema: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . or - (at most 64)'),
    prompt: 'OAuth client id of the push service',
    help: 'mfp.push.client.id (tutorial: push-client-id); its secret is generated and kept in the state dir.',
    default: 'push-client-id',
  },
  {
    path: 'pmf.configAdminUser',
    kind: 'text',
    schema: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . or - (at most 64)'),
    prompt: 'User of the live update service',
    help: 'mfp.config.admin.user, the same on every farm member; its password is generated and kept in the state dir.',
    default: 'configUser_mfpadmin',
  },
  {
    path: 'pmf.startTimeoutSeconds',
    kind: 'number',
    schema: z.number().int('must be a whole number').min(10, 'at least 10').max(3600, 'at most 3600'),
    prompt: 'Seconds to wait for a PMF server to start',
    help: 'How long the wizard waits for CWWKF0011I and the applications in messages.log, then for /mfpconsole.',
    default: 300,
  },
];

export function validateAntProperties(answers: PartialAnswers): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pmf = pmfOf(answers);
  const admin = pmf.adminContextRoot;
  const runtime = pmf.runtimeContextRoot;
  for (const [key, value] of [
    ['pmf.adminContextRoot', admin],
    ['pmf.runtimeContextRoot', runtime],
  ] as const) {
    if (typeof value === 'string' && RESERVED_ROOTS.includes(value)) {
      problems.push({ path: key, message: `${value} is the context root of another PMF application`, fix: `Choose another one; ${RESERVED_ROOTS.join(', ')} are taken.` });
    }
  }
  const user = typeof pmf.adminUser === 'string' ? pmf.adminUser : 'admin';
  if (typeof pmf.adminPassword === 'string' && pmf.adminPassword.toLowerCase().includes(user.toLowerCase())) {
    problems.push({
      path: 'pmf.adminPassword',
      message: `the password contains the user name ${user}`,
      fix: 'Choose a password that does not contain the user name (it is masked wherever it appears, so it must not be an ordinary word of the configuration).',
    });
  }
  if (typeof admin === 'string' && typeof runtime === 'string') {
    if (admin === runtime || `${admin}config` === runtime) {
      problems.push({
        path: 'pmf.runtimeContextRoot',
        message: `${runtime} is already used by the administration service (${admin}, live update ${admin}config)`,
        fix: 'Give the runtime its own context root, e.g. /mfp.',
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// What the copies must say

export interface PropertyRow {
  property: string;
  value: string;
  why: string;
  secret?: boolean;
}

export interface NodeAntFile {
  node: NodeAnswer;
  /** The copy: <state>/ant/<node>/configure-liberty-<db>.xml */
  file: string;
  rows: PropertyRow[];
  /** name → value in the copy (secrets as the placeholder). */
  wanted: Map<string, string>;
}

export interface AntSetup {
  dbType: 'mysql' | 'db2' | 'oracle' | 'derby';
  pmfInstallDir: string;
  sample: string;
  antPath?: string;
  javaHome?: string;
  adminUser: string;
  adminContextRoot: string;
  runtimeContextRoot: string;
  startTimeoutSeconds: number;
  nodes: NodeAntFile[];
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

export function sampleFile(pmfInstallDir: string, dbType: string): string {
  return path.join(pmfInstallDir, SAMPLES, `configure-liberty-${dbType}.xml`);
}

export function antDirOf(stateDir: string, node: string): string {
  return path.join(stateDir, 'ant', node);
}

/** The property names of the secrets, for one DBMS. */
export function secretNames(dbType: AntSetup['dbType']): string[] {
  const names = ['mfp.admin.client.secret', 'mfp.push.client.secret', 'mfp.config.admin.password', 'mfp.admin.default.user.initialpassword'];
  if (dbType !== 'derby') names.unshift(`database.${dbType}.mfp.password`);
  return names;
}

/** Every property the tutorial lists, with its value for this node and why. */
export function propertyRows(answers: Answers, node: NodeAnswer): PropertyRow[] {
  const db = resolveDatabase(answers);
  const { target } = db;
  const t = target.type;
  const pmf = pmfOf(answers as unknown as PartialAnswers);
  const farm = answers.nodes.length > 1;
  const rows: PropertyRow[] = [
    { property: 'mfp.admin.contextroot', value: str(pmf.adminContextRoot, '/mfpadmin'), why: 'pmf.adminContextRoot (tutorial: /mfpadmin)' },
    { property: 'mfp.runtime.contextroot', value: str(pmf.runtimeContextRoot, '/mfp'), why: 'pmf.runtimeContextRoot (tutorial: /mfp)' },
  ];
  if (t === 'derby') {
    rows.push(
      { property: 'database.derby.datadir', value: db.dataDir ?? '', why: 'database.dataDir: where Derby creates the database' },
      { property: 'database.derby.mfp.dbname', value: target.name, why: 'database.name (tutorial: MFPDATA)' },
      { property: 'database.derby.driver.dir', value: db.driverDir, why: 'database.driverDir: holds derby.jar' },
    );
  } else {
    rows.push(
      { property: `database.${t}.host`, value: target.host, why: 'database.host' },
      { property: `database.${t}.port`, value: String(target.port), why: 'database.port' },
      { property: `database.${t}.driver.dir`, value: db.driverDir, why: 'database.driverDir: holds the JDBC driver' },
      { property: `database.${t}.mfp.dbname`, value: target.name, why: t === 'oracle' ? 'database.name (the service name)' : 'database.name (tutorial: MFPDATA)' },
    );
    if (t === 'db2') rows.push({ property: 'database.db2.mfp.schema', value: target.schema, why: 'database.schema (empty: the user’s own schema)' });
    rows.push(
      { property: `database.${t}.mfp.username`, value: target.user, why: 'database.user: creates the tables and is the data source user' },
      { property: `database.${t}.mfp.password`, value: SECRET_PLACEHOLDER, why: 'database.password: given at run time from a 0600 file', secret: true },
    );
  }
  rows.push(
    { property: 'appserver.was.installdir', value: answers.liberty.installDir, why: 'liberty.installDir' },
    { property: 'appserver.was85liberty.serverInstance', value: node.name, why: `nodes[${answers.nodes.indexOf(node)}].name: the server PMF goes on` },
    { property: 'appserver.was.profile', value: 'Liberty', why: 'kept: anything else means full WebSphere' },
    { property: 'mfp.farm.configure', value: String(farm), why: farm ? `${answers.nodes.length} nodes: a server farm` : 'one node: stand-alone' },
  );
  if (farm) rows.push({ property: 'mfp.farm.server.id', value: node.name, why: 'unique id of this farm member (its server name)' });
  rows.push(
    { property: 'mfp.analytics.configure', value: 'false', why: 'Analytics is not installed (tutorial)' },
    { property: 'mfp.analytics.receiver.configure', value: 'false', why: 'Analytics Receiver is not installed (tutorial)' },
    { property: 'mfp.admin.client.id', value: str(pmf.adminClientId, 'admin-client-id'), why: 'pmf.adminClientId' },
    { property: 'mfp.admin.client.secret', value: SECRET_PLACEHOLDER, why: 'generated once, kept in the state dir; given at run time', secret: true },
    { property: 'mfp.push.client.id', value: str(pmf.pushClientId, 'push-client-id'), why: 'pmf.pushClientId' },
    { property: 'mfp.push.client.secret', value: SECRET_PLACEHOLDER, why: 'generated once, kept in the state dir; given at run time', secret: true },
    { property: 'mfp.config.admin.user', value: str(pmf.configAdminUser, 'configUser_mfpadmin'), why: 'pmf.configAdminUser: live update user, same on every member' },
    { property: 'mfp.config.admin.password', value: SECRET_PLACEHOLDER, why: 'generated once, same on every member; given at run time', secret: true },
    { property: 'mfp.admin.console.install', value: 'true', why: 'kept: the Operations Console is installed' },
    { property: 'mfp.admin.default.user', value: str(pmf.adminUser, 'admin'), why: 'pmf.adminUser: logs in to the console' },
    { property: 'mfp.admin.default.user.initialpassword', value: SECRET_PLACEHOLDER, why: 'pmf.adminPassword: given at run time', secret: true },
    { property: 'mfp.server.install.dir', value: str(pmf.installDir, ''), why: 'pmf.installDir: where the WARs are taken from' },
  );
  return rows;
}

export function antSetup(ctx: Pick<StepContext, 'answers' | 'stateDir'>): AntSetup {
  const { answers, stateDir } = ctx;
  const pmf = pmfOf(answers as unknown as PartialAnswers);
  const pmfInstallDir = str(pmf.installDir, '/opt/IBM/PMF');
  const dbType = resolveDatabase(answers).target.type;
  const sample = sampleFile(pmfInstallDir, dbType);
  return {
    dbType,
    pmfInstallDir,
    sample,
    antPath: typeof pmf.antPath === 'string' && pmf.antPath ? pmf.antPath : bundledAnt(pmfInstallDir),
    javaHome: typeof pmf.javaHome === 'string' && pmf.javaHome ? pmf.javaHome : undefined,
    adminUser: str(pmf.adminUser, 'admin'),
    adminContextRoot: str(pmf.adminContextRoot, '/mfpadmin'),
    runtimeContextRoot: str(pmf.runtimeContextRoot, '/mfp'),
    startTimeoutSeconds: typeof pmf.startTimeoutSeconds === 'number' ? pmf.startTimeoutSeconds : 300,
    nodes: answers.nodes.map((node) => {
      const rows = propertyRows(answers, node);
      return {
        node,
        file: path.join(antDirOf(stateDir, node.name), path.basename(sample)),
        rows,
        wanted: new Map(rows.map((row) => [row.property, row.value])),
      };
    }),
  };
}

/**
 * The secret values Ant gets at run time, by property name. Generated secrets come from the
 * state dir (made once, so a resume and every node use the same).
 */
export function antSecrets(ctx: Pick<StepContext, 'answers' | 'generatedSecret'>): Record<string, string> {
  const db = resolveDatabase(ctx.answers);
  const pmf = pmfOf(ctx.answers as unknown as PartialAnswers);
  const values: Record<string, string> = {};
  if (db.target.type !== 'derby') values[`database.${db.target.type}.mfp.password`] = db.target.password;
  values['mfp.admin.client.secret'] = ctx.generatedSecret('pmf-admin-client-secret');
  values['mfp.push.client.secret'] = ctx.generatedSecret('pmf-push-client-secret');
  values['mfp.config.admin.password'] = ctx.generatedSecret('pmf-config-admin-password');
  values['mfp.admin.default.user.initialpassword'] = str(pmf.adminPassword, '');
  return values;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Which properties of a copy are not as wanted (everything, when the copy is missing or unreadable). */
function copyProblems(entry: NodeAntFile): string[] {
  const xml = readText(entry.file);
  if (xml === undefined) return ['(no copy)'];
  try {
    return differingProperties(xml, entry.wanted);
  } catch {
    return ['(not a readable Ant file)'];
  }
}

function tableLines(rows: PropertyRow[]): string[] {
  const width = Math.max(...rows.map((row) => row.property.length));
  const valueWidth = Math.min(40, Math.max(...rows.map((row) => (row.secret ? 8 : row.value.length))));
  return rows.map((row) => `  ${row.property.padEnd(width)}  ${(row.secret ? '(secret)' : row.value || '""').padEnd(valueWidth)}  ${row.why}`);
}

export const antPropertiesStep: Step = {
  id: 'ant-properties',
  title: 'Fill the PMF Ant properties',
  questions: antPropertiesQuestions,
  validate: validateAntProperties,

  async preflight(ctx) {
    const setup = antSetup(ctx);
    const problems: FieldProblem[] = [];
    if (!fs.existsSync(setup.sample)) {
      problems.push({
        path: 'pmf.installDir',
        message: `${setup.sample} does not exist: this PMF has no Ant file for ${setup.dbType} on Liberty`,
        fix: `Check pmf.installDir and database.type (the samples are ${SAMPLES}/configure-liberty-{db2,mysql,oracle,derby}.xml).`,
      });
    }
    if (!setup.antPath) {
      problems.push({
        path: 'pmf.antPath',
        message: `no Ant found in ${path.join(setup.pmfInstallDir, 'tools')}/apache-ant-*/bin/ant`,
        fix: 'Set pmf.antPath to an Ant 1.9 or later (e.g. /usr/bin/ant).',
      });
    }
    return problems;
  },

  async isDone(ctx) {
    const setup = antSetup(ctx);
    const facts = setup.nodes.map((entry) => {
      const wrong = copyProblems(entry);
      return { entry, wrong };
    });
    const done = facts.every((fact) => fact.wrong.length === 0);
    const detail = facts
      .map(({ entry, wrong }) =>
        wrong.length === 0
          ? `${entry.file} has the ${entry.wanted.size} wanted values`
          : wrong[0].startsWith('(')
            ? `${entry.file}: ${wrong[0].slice(1, -1)}`
            : `${entry.file}: ${wrong.length} propert${wrong.length === 1 ? 'y' : 'ies'} to set (${wrong.slice(0, 4).join(', ')}${wrong.length > 4 ? ', …' : ''})`,
      )
      .join('; ');
    return { done, detail };
  },

  async plan(ctx) {
    const setup = antSetup(ctx);
    const actions: PlannedAction[] = [];
    for (const entry of setup.nodes) {
      if (!fs.existsSync(entry.file)) actions.push({ summary: `Copy ${path.basename(setup.sample)} for ${entry.node.name}`, command: ['cp', setup.sample, entry.file] });
      actions.push({
        summary: `Set ${entry.rows.length} properties in ${entry.file} (secrets stay ${SECRET_PLACEHOLDER}; Ant gets them from a 0600 file at run time)`,
        file: entry.file,
        detail: tableLines(entry.rows).join('\n'),
      });
    }
    return actions;
  },

  async run(ctx) {
    const setup = antSetup(ctx);
    let sampleXml: string;
    try {
      sampleXml = fs.readFileSync(setup.sample, 'utf8');
    } catch (error) {
      throw new StepFailure(`Cannot read the PMF Ant sample ${setup.sample}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, `Check pmf.installDir and database.type, then run again with --resume.`);
    }
    const files: string[] = [];
    for (const entry of setup.nodes) {
      const dir = path.dirname(entry.file);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const existing = readText(entry.file);
      let base = existing ?? sampleXml;
      let origin = existing === undefined ? `copied from ${setup.sample}` : 'the existing copy';
      let outcome;
      try {
        outcome = setProperties(base, entry.wanted);
      } catch (error) {
        if (existing === undefined || !(error instanceof AntFileError)) {
          throw new StepFailure(`${existing === undefined ? setup.sample : entry.file} cannot be edited: ${(error as Error).message}`, `Check that ${setup.sample} is the PMF sample file (well-formed XML, a <project> with <property name value> parameters).`);
        }
        // A damaged copy is replaced by a fresh one.
        base = sampleXml;
        origin = `copied again from ${setup.sample} (the earlier copy was not readable)`;
        outcome = setProperties(base, entry.wanted);
      }
      if (existing !== outcome.xml) {
        const temp = `${entry.file}.tmp-${process.pid}`;
        fs.writeFileSync(temp, outcome.xml, { mode: 0o600 });
        fs.renameSync(temp, entry.file);
      }
      const secrets = new Set(secretNames(setup.dbType));
      const leaked = [...propertyMap(outcome.xml).entries()].filter(([name, value]) => secrets.has(name) && value !== SECRET_PLACEHOLDER);
      if (leaked.length) throw new Error(`bug: a secret property is not the placeholder in ${entry.file}: ${leaked.map(([name]) => name).join(', ')}`);
      ctx.report(
        `${entry.node.name}: ${entry.file} (${origin}): ${outcome.changed.length} changed, ${outcome.added.length} added${outcome.added.length ? ` (${outcome.added.join(', ')})` : ''}, ${entry.rows.length - outcome.changed.length - outcome.added.length} already right`,
      );
      for (const line of tableLines(entry.rows)) ctx.report(line);
      files.push(entry.file);
    }
    return {
      sample: setup.sample,
      files,
      table: setup.nodes.map((entry) => ({
        node: entry.node.name,
        file: entry.file,
        rows: entry.rows.map((row) => ({ property: row.property, value: row.secret ? SECRET_PLACEHOLDER : row.value, why: row.why })),
      })),
    };
  },
};

