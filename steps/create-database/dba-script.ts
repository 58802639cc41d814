/** The DBA hand-off: the script the DBA runs, where it is written, and how the DBA runs it. */
import path from 'node:path';
import { PASSWORD_PLACEHOLDER, creationStatements, render, type DbTarget } from '../../source/adapters/database/sql.js';
import { DEFAULT_ADMIN } from '../../source/farm/database.js';

/** The file the DBA hand-off writes, relative to the state dir. */
export function dbaScriptName(target: DbTarget): string {
  return `create-${target.name}.${target.type}.sql`;
}

export function dbaScriptPath(stateDir: string, target: DbTarget): string {
  return path.join(stateDir, 'dba', dbaScriptName(target));
}

/** How the DBA runs the script, for the pause message and the script's header. */
export function dbaCommand(target: DbTarget, file: string): string {
  switch (target.type) {
    case 'mysql':
      return `mysql -h ${target.host} -P ${target.port} -u ${DEFAULT_ADMIN.mysql} -p < ${file}`;
    case 'db2':
      return `db2 -tvf ${file}   (as the DB2 instance owner, e.g. su - db2inst1, on the DB2 server)`;
    case 'oracle':
      return `sqlplus -L ${DEFAULT_ADMIN.oracle}@//${target.host}:${target.port}/${target.name} @${file}`;
    case 'derby':
      return '';
  }
}

/** The DBA script: a header that says what it is and how to run it, then exactly the statements. */
export function dbaScript(target: DbTarget, file: string): string {
  const lines: string[] = [
    `-- Written by pmf-wizard: creates what Persistent Mobile Foundation needs in ${target.type.toUpperCase()}.`,
    `-- Run it with: ${dbaCommand(target, file)}`,
  ];
  if (target.type === 'mysql' || target.type === 'oracle') {
    lines.push(
      `-- Before running it, replace ${PASSWORD_PLACEHOLDER} with the password of the PMF user ${target.user}`,
      '-- (the one given to pmf-wizard as database.password). This file holds no password.',
    );
  }
  if (target.type === 'db2') {
    lines.push(
      `-- DB2 users are operating-system users: ${target.user} must exist on the DB2 server with the password`,
      `-- given to pmf-wizard as database.password (for example: useradd ${target.user}; passwd ${target.user}).`,
    );
  }
  if (target.type === 'oracle') lines.push('WHENEVER SQLERROR EXIT SQL.SQLCODE');
  for (const statement of creationStatements(target)) lines.push(`${render(statement, 'script')};`);
  if (target.type === 'db2') lines.push('TERMINATE;');
  if (target.type === 'oracle') lines.push('EXIT');
  return `${lines.join('\n')}\n`;
}
