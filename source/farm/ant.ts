import path from 'node:path';
import { bundledAnt, sampleFile } from '../adapters/pmf-install.js';
import type { PartialAnswers } from '../engine/questions.js';
import type { StepContext } from '../engine/step.js';
import { answersOf, type Answers, type NodeAnswer } from './answers.js';
import { databaseOf } from './database.js';

/** What Ant reads instead of a secret in the copy; the PMF Ant files prompt for it when run by hand. */
export const SECRET_PLACEHOLDER = '************';

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

/** The Ant set-up every node's deployment shares (steps 3 to 7). */
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

export function antDirOf(stateDir: string, node: string): string {
  return path.join(stateDir, 'ant', node);
}

/** The property names of the secrets, for one DBMS. */
export function secretNames(dbType: AntSetup['dbType']): string[] {
  const names = ['mfp.admin.client.secret', 'mfp.push.client.secret', 'mfp.config.admin.password', 'mfp.admin.default.user.initialpassword'];
  if (dbType !== 'derby') names.unshift(`database.${dbType}.mfp.password`);
  return names;
}

function databaseRows(ctx: { answers: PartialAnswers }): PropertyRow[] {
  const db = databaseOf(ctx);
  const { target } = db;
  const t = target.type;
  if (t === 'derby') {
    return [
      { property: 'database.derby.datadir', value: db.dataDir ?? '', why: 'where Derby creates the database' },
      { property: 'database.derby.mfp.dbname', value: target.name, why: 'the database name (tutorial: MFPDATA)' },
      { property: 'database.derby.driver.dir', value: db.driverDir, why: 'the directory that holds derby.jar' },
    ];
  }
  const rows: PropertyRow[] = [
    { property: `database.${t}.host`, value: target.host, why: 'the database host' },
    { property: `database.${t}.port`, value: String(target.port), why: 'the database port' },
    { property: `database.${t}.driver.dir`, value: db.driverDir, why: 'the directory that holds the JDBC driver' },
    { property: `database.${t}.mfp.dbname`, value: target.name, why: t === 'oracle' ? 'the database’s service name' : 'the database name (tutorial: MFPDATA)' },
  ];
  if (t === 'db2') rows.push({ property: 'database.db2.mfp.schema', value: target.schema, why: 'the schema (empty: the user’s own)' });
  rows.push(
    { property: `database.${t}.mfp.username`, value: target.user, why: 'the PMF database user: creates the tables, then PMF connects as it' },
    { property: `database.${t}.mfp.password`, value: SECRET_PLACEHOLDER, why: 'its password: given at run time from a 0600 file', secret: true },
  );
  return rows;
}

function serverRows(answers: Answers, node: NodeAnswer): PropertyRow[] {
  const farm = answers.nodes.length > 1;
  const rows: PropertyRow[] = [
    { property: 'appserver.was.installdir', value: answers.liberty.installDir, why: 'the Liberty installation directory' },
    { property: 'appserver.was85liberty.serverInstance', value: node.name, why: 'the server PMF goes on' },
    { property: 'appserver.was.profile', value: 'Liberty', why: 'kept: anything else means full WebSphere' },
    { property: 'mfp.farm.configure', value: String(farm), why: farm ? `${answers.nodes.length} nodes: a server farm` : 'one node: stand-alone' },
  ];
  if (farm) rows.push({ property: 'mfp.farm.server.id', value: node.name, why: 'unique id of this farm member (its server name)' });
  return rows;
}

function pmfRows(answers: Answers): PropertyRow[] {
  const { pmf } = answers;
  return [
    { property: 'mfp.analytics.configure', value: 'false', why: 'Analytics is not installed (tutorial)' },
    { property: 'mfp.analytics.receiver.configure', value: 'false', why: 'Analytics Receiver is not installed (tutorial)' },
    { property: 'mfp.admin.client.id', value: pmf.adminClientId, why: 'the admin service’s confidential client' },
    { property: 'mfp.admin.client.secret', value: SECRET_PLACEHOLDER, why: 'generated once, kept in the state dir; given at run time', secret: true },
    { property: 'mfp.push.client.id', value: pmf.pushClientId, why: 'the push service’s confidential client' },
    { property: 'mfp.push.client.secret', value: SECRET_PLACEHOLDER, why: 'generated once, kept in the state dir; given at run time', secret: true },
    { property: 'mfp.config.admin.user', value: pmf.configAdminUser, why: 'the live update user, the same on every member' },
    { property: 'mfp.config.admin.password', value: SECRET_PLACEHOLDER, why: 'generated once, same on every member; given at run time', secret: true },
    { property: 'mfp.admin.console.install', value: 'true', why: 'kept: the Operations Console is installed' },
    { property: 'mfp.admin.default.user', value: pmf.adminUser, why: 'the console administrator' },
    { property: 'mfp.admin.default.user.initialpassword', value: SECRET_PLACEHOLDER, why: 'the console administrator’s password: given at run time', secret: true },
    { property: 'mfp.server.install.dir', value: pmf.installDir, why: 'the PMF server directory: the WARs come from it' },
  ];
}

/** Every property the tutorial lists, with its value for this node and why. */
export function propertyRows(ctx: { answers: PartialAnswers }, node: NodeAnswer): PropertyRow[] {
  const answers = answersOf(ctx);
  const { pmf } = answers;
  return [
    { property: 'mfp.admin.contextroot', value: pmf.adminContextRoot, why: 'the admin services’ context root (tutorial: /mfpadmin)' },
    { property: 'mfp.runtime.contextroot', value: pmf.runtimeContextRoot, why: 'the runtime’s context root (tutorial: /mfp)' },
    ...databaseRows(ctx),
    ...serverRows(answers, node),
    ...pmfRows(answers),
  ];
}

export function antSetup(ctx: Pick<StepContext, 'answers' | 'stateDir'>): AntSetup {
  const answers = answersOf(ctx);
  const { pmf } = answers;
  const dbType = answers.database.type;
  const sample = sampleFile(pmf.installDir, dbType);
  return {
    dbType,
    pmfInstallDir: pmf.installDir,
    sample,
    antPath: pmf.antPath || bundledAnt(pmf.installDir),
    javaHome: pmf.javaHome || undefined,
    adminUser: pmf.adminUser,
    adminContextRoot: pmf.adminContextRoot,
    runtimeContextRoot: pmf.runtimeContextRoot,
    startTimeoutSeconds: pmf.startTimeoutSeconds,
    nodes: answers.nodes.map((node) => {
      const rows = propertyRows(ctx, node);
      return { node, file: path.join(antDirOf(ctx.stateDir, node.name), path.basename(sample)), rows, wanted: new Map(rows.map((row) => [row.property, row.value])) };
    }),
  };
}

/**
 * The secret values Ant gets at run time, by property name. Generated secrets come from the
 * state dir (made once, so a resume and every node use the same).
 */
export function antSecrets(ctx: Pick<StepContext, 'answers' | 'generatedSecret'>): Record<string, string> {
  const db = databaseOf(ctx);
  const values: Record<string, string> = {};
  if (db.target.type !== 'derby') values[`database.${db.target.type}.mfp.password`] = db.target.password;
  values['mfp.admin.client.secret'] = ctx.generatedSecret('pmf-admin-client-secret');
  values['mfp.push.client.secret'] = ctx.generatedSecret('pmf-push-client-secret');
  values['mfp.config.admin.password'] = ctx.generatedSecret('pmf-config-admin-password');
  values['mfp.admin.default.user.initialpassword'] = answersOf(ctx).pmf.adminPassword ?? '';
  return values;
}
