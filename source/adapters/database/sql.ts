/**
 * The SQL that sets up PMF's database, per DBMS, as data: running, planning and the DBA script
 * all read it from here, so what is shown, what is run and what the DBA gets are the same statements.
 *
 * A statement's text holds secrets as {@link Secret} markers; render() fills them with the
 * real value (to run), with **** (to show) or with a placeholder (for the DBA script).
 */

export type Dbms = 'mysql' | 'db2' | 'oracle' | 'derby';

/** What the statements need to know, already defaulted. */
export interface DbTarget {
  type: Dbms;
  host: string;
  port: number;
  /** Database name (Oracle: the service name). */
  name: string;
  /** DB2: the schema of the tables ('' = the user's default schema). */
  schema: string;
  user: string;
  password: string;
  /** MySQL: the account hosts of the PMF user ('%' and 'localhost' by default). */
  accountHosts: string[];
  /** Oracle: the default tablespace of the PMF user. */
  tablespace: string;
}

/** A secret inside a statement: which one, so render() knows what to put there. */
export type SecretName = 'userPassword' | 'adminPassword';

export interface StatementPart {
  text?: string;
  secret?: SecretName;
  /** How the secret is quoted where it stands: MySQL string literals escape ' and \. */
  escape?: 'mysql';
}

/** What a statement does: run() skips a statement whose thing already exists. */
export type StatementKind = 'create-database' | 'connect' | 'create-user' | 'grant' | 'flush' | 'disconnect';

export interface Statement {
  kind: StatementKind;
  /** For create-user and grant: which account (MySQL host, or the user name). */
  target?: string;
  parts: StatementPart[];
}

export type RenderMode = 'run' | 'show' | 'script';

export const MASK = '****';
export const PASSWORD_PLACEHOLDER = '<PMF_USER_PASSWORD>';
/** The table the wizard creates and drops to prove the PMF user can use the database. */
export const PROBE_TABLE = 'PMFWIZ_PROBE';

export function render(statement: Statement, mode: RenderMode, secrets: Partial<Record<SecretName, string>> = {}): string {
  return statement.parts
    .map((part) => {
      if (part.text !== undefined) return part.text;
      const name = part.secret as SecretName;
      if (mode === 'show') return MASK;
      if (mode === 'script') return name === 'userPassword' ? PASSWORD_PLACEHOLDER : MASK;
      const value = secrets[name];
      if (value === undefined) throw new Error(`render: the secret ${name} is missing`);
      // Elsewhere (Oracle's "..."), validate() rejects the characters the quoting cannot carry.
      return part.escape === 'mysql' ? value.replace(/\\/g, '\\\\').replace(/'/g, "''") : value;
    })
    .join('');
}

const t = (text: string): StatementPart => ({ text });
const s = (secret: SecretName): StatementPart => ({ secret });

/** MySQL quoting of a string literal (used for user names and hosts, which validate() keeps simple). */
export function mysqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export function mysqlIdent(value: string): string {
  return `\`${value.replace(/`/g, '``')}\``;
}

/** In GRANT ... ON db.*, `_` and `%` are wildcards: escape them so the grant names this database only. */
export function mysqlGrantDb(value: string): string {
  return mysqlIdent(value.replace(/([_%])/g, '\\$1'));
}

export function mysqlAccount(user: string, host: string): string {
  return `${mysqlString(user)}@${mysqlString(host)}`;
}

/** The MySQL password literal: the secret goes between single quotes, with ' and \ escaped. */
function mysqlSecret(secret: SecretName): StatementPart[] {
  return [t("'"), { secret, escape: 'mysql' }, t("'")];
}

export const MYSQL_CHARSET = 'utf8';
export const MYSQL_COLLATION = 'utf8_general_ci';
/** Character sets that are the reference's utf8 (MariaDB and MySQL 8 report utf8mb3). */
export const MYSQL_ACCEPTED_CHARSETS = ['utf8', 'utf8mb3'];

export const DB2_PAGESIZE = 32768;
export const DB2_GRANTS = ['CONNECT', 'CREATETAB', 'IMPLICIT_SCHEMA'] as const;
export const ORACLE_PRIVILEGES = ['CREATE SESSION', 'CREATE SEQUENCE', 'CREATE TABLE'] as const;

/** The statements that create the database, the user and the grants. */
export function creationStatements(target: DbTarget): Statement[] {
  switch (target.type) {
    case 'mysql':
      return [
        {
          kind: 'create-database',
          parts: [t(`CREATE DATABASE IF NOT EXISTS ${mysqlIdent(target.name)} CHARACTER SET ${MYSQL_CHARSET} COLLATE ${MYSQL_COLLATION}`)],
        },
        ...target.accountHosts.map(
          (host): Statement => ({
            kind: 'create-user',
            target: host,
            parts: [t(`CREATE USER IF NOT EXISTS ${mysqlAccount(target.user, host)} IDENTIFIED BY `), ...mysqlSecret('userPassword')],
          }),
        ),
        ...target.accountHosts.map(
          (host): Statement => ({
            kind: 'grant',
            target: host,
            parts: [t(`GRANT ALL PRIVILEGES ON ${mysqlGrantDb(target.name)}.* TO ${mysqlAccount(target.user, host)}`)],
          }),
        ),
        { kind: 'flush', parts: [t('FLUSH PRIVILEGES')] },
      ];
    case 'db2': {
      const name = target.name.toUpperCase();
      const user = target.user.toUpperCase();
      return [
        { kind: 'create-database', parts: [t(`CREATE DATABASE ${name} COLLATE USING SYSTEM PAGESIZE ${DB2_PAGESIZE}`)] },
        { kind: 'connect', parts: [t(`CONNECT TO ${name}`)] },
        ...DB2_GRANTS.map((grant): Statement => ({ kind: 'grant', target: grant, parts: [t(`GRANT ${grant} ON DATABASE TO USER ${user}`)] })),
        { kind: 'disconnect', parts: [t('CONNECT RESET')] },
      ];
    }
    case 'oracle':
      return [
        {
          kind: 'create-user',
          target: target.user,
          parts: [
            t(`CREATE USER ${target.user} IDENTIFIED BY "`),
            s('userPassword'),
            t(`" DEFAULT TABLESPACE ${target.tablespace} QUOTA UNLIMITED ON ${target.tablespace}`),
          ],
        },
        { kind: 'grant', target: target.user, parts: [t(`GRANT ${ORACLE_PRIVILEGES.join(', ')} TO ${target.user}`)] },
      ];
    case 'derby':
      // The PMF Ant task creates the embedded database itself in the data directory.
      return [];
  }
}

/** The table in which the probe runs: DB2 qualifies it with the schema. */
export function probeTable(target: DbTarget): string {
  if (target.type === 'db2' && target.schema) return `${target.schema.toUpperCase()}.${PROBE_TABLE}`;
  return PROBE_TABLE;
}

/** Column types and the DROP suffix per DBMS: the only differences between the probes. */
const PROBE_DIALECT: Record<DbTarget['type'], { id: string; text: string; dropSuffix: string }> = {
  mysql: { id: 'INT', text: 'VARCHAR(32)', dropSuffix: '' },
  db2: { id: 'INTEGER', text: 'VARCHAR(32)', dropSuffix: '' },
  derby: { id: 'INTEGER', text: 'VARCHAR(32)', dropSuffix: '' },
  oracle: { id: 'NUMBER(10)', text: 'VARCHAR2(32)', dropSuffix: ' PURGE' },
};

/** Create, use and drop a table as the PMF user: what the PMF Ant task will need. */
export function probeStatements(target: DbTarget): { create: string; insert: string; select: string; drop: string } {
  const table = probeTable(target);
  const dialect = PROBE_DIALECT[target.type];
  return {
    create: `CREATE TABLE ${table} (ID ${dialect.id} NOT NULL PRIMARY KEY, NOTE ${dialect.text})`,
    insert: `INSERT INTO ${table} (ID, NOTE) VALUES (1, 'pmf-wizard')`,
    select: `SELECT NOTE FROM ${table} WHERE ID = 1`,
    drop: `DROP TABLE ${table}${dialect.dropSuffix}`,
  };
}

/** What an adapter needs from the step for logging. */
export interface DbIo {
  /** A line for the run log (the log redacts secrets again). */
  log(line: string): void;
}

export interface Credentials {
  user: string;
  password: string;
}

export interface CreateOutcome {
  /** What was created or granted, one phrase each. */
  changed: string[];
  /** What was already there. */
  unchanged: string[];
  warnings: string[];
}

export interface VerifyOutcome {
  /** Empty when the PMF user can connect and create, use and drop a table. */
  missing: string[];
  /** What was looked at, in a sentence. */
  detail: string;
  warnings: string[];
  /**
   * The PMF user could not log in: `refused` when the server refused its user name or password
   * (the user does not exist, or has another password), `failed` for any other reason.
   */
  login?: 'refused' | 'failed';
}
