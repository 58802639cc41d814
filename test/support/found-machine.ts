/** A machine in a temporary directory with what discovery looks for: a PMF installation, a Java, JDBC drivers, an imcl. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FoundMachine {
  root: string;
  home: string;
  /** <home>/PMF: configuration samples and tools/apache-ant-1.9.4/bin/ant. */
  pmf: string;
  ant: string;
  javaHome: string;
  /** A directory on no PATH holding an executable imcl. */
  imclDir: string;
  derbyHome: string;
  mariadbJar: string;
  /** A PATH with only a `java` link into javaHome. */
  path: string;
}

export function executable(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
  return file;
}

export function touch(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  return file;
}

export function makeFoundMachine(): FoundMachine {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'found-machine-'));
  const home = path.join(root, 'home');
  const pmf = path.join(home, 'PMF');
  fs.mkdirSync(path.join(pmf, 'MobileFoundationServer', 'configuration-samples'), { recursive: true });
  const ant = executable(path.join(pmf, 'tools', 'apache-ant-1.9.4', 'bin', 'ant'));
  const javaHome = path.join(root, 'jdk-17');
  executable(path.join(javaHome, 'bin', 'java'));
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(path.join(javaHome, 'bin', 'java'), path.join(bin, 'java'));
  const imclDir = path.join(root, 'im-tools');
  executable(path.join(imclDir, 'imcl'));
  const derbyHome = path.join(root, 'db-derby-10.14');
  touch(path.join(derbyHome, 'lib', 'derby.jar'));
  const mariadbJar = touch(path.join(root, 'jdbc', 'mariadb-java-client-3.1.jar'));
  return { root, home, pmf, ant, javaHome, imclDir, derbyHome, mariadbJar, path: bin };
}
