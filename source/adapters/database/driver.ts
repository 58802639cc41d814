/** The JDBC driver check: the jars the PMF Ant task and Liberty's data source need, by DBMS. */
import fs from 'node:fs';
import path from 'node:path';
import type { Dbms } from './sql.js';
import { isFileWith } from '../file-access.js';

interface JarRule {
  /** What the jar is, for messages. */
  label: string;
  /** File names that satisfy the rule. */
  matches: RegExp;
}

/** One inner array per jar that must be there; any of its rules satisfies it. */
const RULES: Record<Dbms, { needs: JarRule[][]; where: string }> = {
  db2: {
    needs: [[{ label: 'db2jcc4.jar', matches: /^db2jcc4\.jar$/ }], [{ label: 'db2jcc_license_cu.jar', matches: /^db2jcc_license_cu\.jar$/ }]],
    where: 'copy db2jcc4.jar and db2jcc_license_cu.jar from DB2_INSTALL_DIR/java (or ~db2inst1/sqllib/java) into it',
  },
  mysql: {
    needs: [
      [
        { label: 'MySQL Connector/J (mysql-connector-j*.jar)', matches: /^mysql-connector-j.*\.jar$/ },
        { label: 'mysql-connector-java*.jar', matches: /^mysql-connector-java.*\.jar$/ },
        { label: "MariaDB's mariadb-java-client*.jar", matches: /^mariadb-java-client.*\.jar$/ },
      ],
    ],
    where: 'install Connector/J (mysql-connector-j-*.jar) or MariaDB Connector/J (Debian: apt-get install libmariadb-java, into /usr/share/java)',
  },
  oracle: {
    needs: [[{ label: 'the Oracle thin driver ojdbc*.jar', matches: /^ojdbc.*\.jar$/ }]],
    where: 'copy ojdbc8.jar (or ojdbc11.jar) from ORACLE_HOME/jdbc/lib, or from the Oracle JDBC download page',
  },
  derby: {
    needs: [
      [
        { label: 'derby.jar', matches: /^derby\.jar$/ },
        { label: 'derby-*.jar', matches: /^derby-\d.*\.jar$/ },
      ],
    ],
    where: 'install Derby (Debian: apt-get install libderby-java, into /usr/share/java) or copy derby.jar into it',
  },
};

export interface DriverCheck {
  ok: boolean;
  /** The jars found that satisfy the rules. */
  found: string[];
  /** A sentence: what was found or what is missing. */
  detail: string;
}

export function driverRequirement(type: Dbms): string {
  return RULES[type].needs.map((alternatives) => alternatives.map((rule) => rule.label).join(' or ')).join(' and ');
}

/** Where the jars come from: what to install or copy, in a phrase. */
export function driverSource(type: Dbms): string {
  return RULES[type].where;
}

export function checkDriver(type: Dbms, driverDir: string): DriverCheck {
  const rules = RULES[type];
  let entries: string[];
  try {
    if (!fs.statSync(driverDir).isDirectory()) {
      return { ok: false, found: [], detail: `${driverDir} is not a directory` };
    }
    entries = fs.readdirSync(driverDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, found: [], detail: `JDBC driver directory ${driverDir}: ${code === 'ENOENT' ? 'does not exist' : code}` };
  }
  const found: string[] = [];
  const missing: string[] = [];
  for (const alternatives of rules.needs) {
    const hit = entries
      .filter((entry) => alternatives.some((rule) => rule.matches.test(entry)))
      .filter((entry) => isFileWith(path.join(driverDir, entry), fs.constants.R_OK))
      .sort();
    if (hit.length) found.push(hit[0]);
    else missing.push(alternatives.map((rule) => rule.label).join(' or '));
  }
  if (missing.length) {
    return { ok: false, found, detail: `${driverDir} lacks ${missing.join(' and ')}` };
  }
  return { ok: true, found, detail: `JDBC driver ${found.join(', ')} found in ${driverDir}` };
}
