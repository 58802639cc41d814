import fs from 'node:fs';
import path from 'node:path';
import { ExternalError } from '../engine/errors.js';
import { readEnvFile } from './env-file.js';
import { compareReleases, installEnvFile } from './liberty.js';
import { displayCommand, tailOf } from './process.js';
import type { CommandSpec, Runner } from '../engine/runner.js';

/** A feature PMF needs, satisfied by any one of these short names (IBM-ShortName of a manifest). */
export interface RequiredFeature {
  need: string;
  anyOf: string[];
}

/** What the PMF Ant tasks write into server.xml, with the versions any Liberty of ours may carry. */
export const PMF_FEATURES: RequiredFeature[] = [
  { need: 'servlet', anyOf: ['servlet-3.1', 'servlet-4.0'] },
  { need: 'jdbc', anyOf: ['jdbc-4.1', 'jdbc-4.2', 'jdbc-4.3'] },
  { need: 'jndi', anyOf: ['jndi-1.0'] },
  { need: 'ssl', anyOf: ['ssl-1.0', 'transportSecurity-1.0'] },
  { need: 'appSecurity', anyOf: ['appSecurity-2.0', 'appSecurity-3.0'] },
  { need: 'restConnector', anyOf: ['restConnector-1.0', 'restConnector-2.0'] },
];

/** The public features installed in <install>/lib/features/, by short name. */
export function installedFeatures(installDir: string): Set<string> {
  const dir = path.join(installDir, 'lib', 'features');
  const names = new Set<string>();
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((file) => file.endsWith('.mf'));
  } catch {
    return names;
  }
  for (const file of files) {
    const match = /^IBM-ShortName:\s*(\S+)/m.exec(fs.readFileSync(path.join(dir, file), 'utf8'));
    if (match) names.add(match[1]);
  }
  return names;
}

/** The required features none of whose versions is installed. */
export function missingFeatures(installDir: string, required: RequiredFeature[] = PMF_FEATURES): RequiredFeature[] {
  const installed = installedFeatures(installDir);
  return required.filter((feature) => !feature.anyOf.some((name) => installed.has(name)));
}

/**
 * Which Liberty releases run on which Java SE major: first and last release of support.
 * WebSphere Liberty and Open Liberty share the release numbers (8.5.5.x, then 16.0.0.2 onward).
 * Sources:
 * - 6, 7 and 8 on 8.5.5.x: WebSphere Liberty 8.5.5.9 docs, "Minimum supported Java levels"
 *   (Java 8 from 8.5.5.5). End of 6 and 7: IBM's announcement (Java 6 with 8.5.x unsupported
 *   after April 2018, Java 7 after September 2019), so the last releases before those dates.
 * - 11 from 19.0.0.1: openliberty.io/blog/2019/02/06/java-11.html.
 * - 15 from 20.0.0.10 until Java 17 replaced it: OpenLiberty/docs#2591 and #4627.
 * - 17 from 21.0.0.10: OpenLiberty/open-liberty#17190 ("closed since 21.0.0.10 released").
 * - 20 from 23.0.0.3: open-liberty#23141; 21 from 23.0.0.10: open-liberty#24613.
 * - 22 from 24.0.0.4: OpenLiberty/docs#7288; 23 from 24.0.0.10: docs#7579.
 * - 25 from 25.0.0.10: docs#7992, open-liberty#31191; 27 from 26.0.0.10: docs#8549.
 * - Ends of 8, 11, 17, 21: the "Supported Java Releases" table of openliberty.io/docs/latest/java-se.html
 *   and IBM's "Installing Liberty using Installation Manager" (8: 26.0.0.10, 11 and 17: 27.0.0.10, 21: 29.0.0.10).
 * A non-LTS Java is supported only until the next Java is.
 */
export const JAVA_SUPPORT: ReadonlyArray<{ java: number; first: string; last?: string }> = [
  { java: 6, first: '8.5.5.0', last: '18.0.0.1' },
  { java: 7, first: '8.5.5.0', last: '19.0.0.9' },
  { java: 8, first: '8.5.5.5', last: '26.0.0.10' },
  { java: 11, first: '19.0.0.1', last: '27.0.0.10' },
  { java: 15, first: '20.0.0.10', last: '21.0.0.9' },
  { java: 17, first: '21.0.0.10', last: '27.0.0.10' },
  { java: 20, first: '23.0.0.3', last: '23.0.0.9' },
  { java: 21, first: '23.0.0.10', last: '29.0.0.10' },
  { java: 22, first: '24.0.0.4', last: '24.0.0.9' },
  { java: 23, first: '24.0.0.10', last: '25.0.0.9' },
  { java: 25, first: '25.0.0.10' },
  { java: 27, first: '26.0.0.10' },
];

const newestKnownJava = Math.max(...JAVA_SUPPORT.map((row) => row.java));
const newestKnownRelease = JAVA_SUPPORT.map((row) => row.first).sort(compareReleases).at(-1)!;

/** The Java majors a Liberty release supports, from the table. */
export function supportedJavaMajors(libertyVersion: string): number[] {
  return JAVA_SUPPORT.filter((row) => compareReleases(libertyVersion, row.first) >= 0 && (!row.last || compareReleases(libertyVersion, row.last) <= 0)).map(
    (row) => row.java,
  );
}

/** A Liberty newer than this table may support a Java newer than it knows: not refused. */
export function javaSupported(libertyVersion: string, major: number): boolean {
  if (supportedJavaMajors(libertyVersion).includes(major)) return true;
  return major > newestKnownJava && compareReleases(libertyVersion, newestKnownRelease) > 0;
}

/** `java -version` output to the Java SE major: "1.8.0_392" is 8, "17.0.15" is 17, "21" is 21. */
export function javaMajorOf(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** The java Liberty will start, and where that choice comes from. */
export interface LibertyJava {
  command: string;
  from: string;
}

/**
 * Liberty's own rule (bin/server): JAVA_HOME or JRE_HOME from the server's server.env, else from
 * <install>/etc/server.env, else from the environment, else `java` on the PATH.
 */
export function libertyJava(installDir: string, serverDir: string | undefined, env: NodeJS.ProcessEnv = process.env): LibertyJava {
  const files = [serverDir ? path.join(serverDir, 'server.env') : undefined, installEnvFile(installDir)].filter((file): file is string => file !== undefined);
  for (const file of files) {
    const values = readEnvFile(file);
    for (const name of ['JAVA_HOME', 'JRE_HOME']) {
      const home = values[name]?.replace(/^["']|["']$/g, '');
      if (home) return { command: path.join(home, 'bin', 'java'), from: `${name} in ${file}` };
    }
  }
  for (const name of ['JAVA_HOME', 'JRE_HOME']) {
    if (env[name]) return { command: path.join(env[name]!, 'bin', 'java'), from: `${name} in the environment` };
  }
  return { command: 'java', from: 'java on the PATH' };
}

export type LibertyCheckFailure = 'no-java' | 'no-java-version' | 'unsupported-java' | 'missing-features';

export interface JavaCheck extends LibertyJava {
  major: number;
  output: string;
  supported: boolean;
  supportedMajors: number[];
}

/** Runs `java -version` once for the java Liberty will use and compares it with the table. */
export async function checkLibertyJava(runner: Runner, installDir: string, serverDir: string | undefined, libertyVersion: string): Promise<JavaCheck> {
  const java = libertyJava(installDir, serverDir);
  const spec: CommandSpec = { command: java.command, args: ['-version'], timeoutMs: 60_000 };
  const supportedMajors = supportedJavaMajors(libertyVersion);
  const fix = `Install a Java that Liberty ${libertyVersion} supports (${supportedMajors.join(', ')}) and set JAVA_HOME in ${installEnvFile(installDir)} to it.`;
  let result;
  try {
    result = await runner.run(spec);
  } catch (error) {
    if (!(error instanceof ExternalError)) throw error;
    throw new ExternalError<LibertyCheckFailure>('no-java', `Liberty finds no Java: ${java.command} (${java.from}) cannot be run`, { command: displayCommand(spec), fix });
  }
  const major = javaMajorOf(result.output);
  if (result.exitCode !== 0 || major === undefined) {
    throw new ExternalError<LibertyCheckFailure>('no-java-version', `${displayCommand(spec)} (${java.from}) did not print a Java version (exit ${result.exitCode})`, {
      command: displayCommand(spec),
      outputTail: tailOf(result.output),
      fix,
    });
  }
  return { ...java, major, output: result.output, supported: javaSupported(libertyVersion, major), supportedMajors };
}

/** The command that adds the missing features: the newest version of each. */
export function featureInstallCommand(installDir: string, missing: RequiredFeature[]): string {
  return `${path.join(installDir, 'bin', 'featureUtility')} installFeature ${missing.map((feature) => feature.anyOf[feature.anyOf.length - 1]).join(' ')}`;
}

/** The other way to get the features: a Liberty that ships them. */
export const FULL_PROFILE_LIBERTY = 'install Liberty from a webProfile or javaee archive (e.g. io.openliberty:openliberty-webProfile8) instead of a kernel or microProfile one';

/** Fails, naming each missing feature and how to add it, unless Liberty has every feature PMF needs. */
export function assertPmfFeatures(installDir: string, version: string): void {
  const missing = missingFeatures(installDir);
  if (!missing.length) return;
  const names = missing.map((feature) => `${feature.need} (${feature.anyOf.join(' or ')})`).join(', ');
  throw new ExternalError<LibertyCheckFailure>(
    'missing-features',
    `Liberty ${version} in ${installDir} lacks ${missing.length === 1 ? 'a feature' : 'features'} PMF needs: ${names} (no manifest in ${path.join(installDir, 'lib', 'features')})`,
    { fix: `Install ${missing.length === 1 ? 'it' : 'them'} with \`${featureInstallCommand(installDir, missing)}\`, or ${FULL_PROFILE_LIBERTY}.` },
  );
}

/** Fails unless the Java that Liberty will use is one this Liberty release supports. */
export async function assertSupportedJava(runner: Runner, installDir: string, serverDir: string | undefined, version: string): Promise<JavaCheck> {
  const java = await checkLibertyJava(runner, installDir, serverDir, version);
  if (java.supported) return java;
  throw new ExternalError<LibertyCheckFailure>(
    'unsupported-java',
    `Liberty ${version} does not support Java ${java.major} (it supports ${java.supportedMajors.join(', ') || 'none this wizard knows'}): it would start ${java.command} (${java.from})`,
    {
      command: `${java.command} -version`,
      outputTail: tailOf(java.output, 3),
      fix: `Set JAVA_HOME in ${installEnvFile(installDir)} to a supported Java (${java.supportedMajors.join(', ')}).`,
    },
  );
}
