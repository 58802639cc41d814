import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDriverDir, findImcl, findJavaHome, findPmfInstallation } from '../../source/adapters/discover.js';
import { executable, makeFoundMachine, touch } from '../support/found-machine.js';

describe('what can be found on the machine', () => {
  it('imcl: on PATH first, else where Installation Manager installs it in user mode', () => {
    const m = makeFoundMachine();
    expect(findImcl({ PATH: m.imclDir, HOME: m.home })).toBe(path.join(m.imclDir, 'imcl'));
    const userMode = executable(path.join(m.home, 'IBM', 'InstallationManager', 'eclipse', 'tools', 'imcl'));
    expect(findImcl({ PATH: m.path, HOME: m.home })).toBe(userMode);
  });

  it('PMF: a usual name under the home directory, or any directory under ~/IBM holding the samples; never a directory without them', () => {
    const m = makeFoundMachine();
    expect(findPmfInstallation({ HOME: m.home })).toBe(m.pmf);
    fs.rmSync(m.pmf, { recursive: true });
    fs.mkdirSync(path.join(m.home, 'PMF'));
    const other = path.join(m.home, 'IBM', 'pmf-9.1');
    fs.mkdirSync(path.join(other, 'MobileFoundationServer', 'configuration-samples'), { recursive: true });
    expect(findPmfInstallation({ HOME: m.home })).toBe(other);
  });

  it('JAVA_HOME when it holds bin/java, else the installation of the java on PATH, links followed', () => {
    const m = makeFoundMachine();
    expect(findJavaHome({ JAVA_HOME: m.javaHome, PATH: '' })).toBe(m.javaHome);
    expect(findJavaHome({ JAVA_HOME: path.join(m.root, 'no-such-jdk'), PATH: m.path })).toBe(m.javaHome);
    expect(findJavaHome({ PATH: m.path })).toBe(m.javaHome);
    expect(findJavaHome({ PATH: path.join(m.root, 'jdbc') })).toBeUndefined();
  });

  it('the JDBC driver: the CLASSPATH’s directories, then the DBMS’s own places, by the driver check’s rule', () => {
    const m = makeFoundMachine();
    expect(findDriverDir('mysql', { CLASSPATH: `/nowhere/x.jar${path.delimiter}${m.mariadbJar}` })).toBe(path.dirname(m.mariadbJar));
    expect(findDriverDir('derby', { DERBY_HOME: m.derbyHome })).toBe(path.join(m.derbyHome, 'lib'));
    const oracleHome = path.join(m.root, 'oracle');
    touch(path.join(oracleHome, 'jdbc', 'lib', 'ojdbc11.jar'));
    expect(findDriverDir('oracle', { ORACLE_HOME: oracleHome })).toBe(path.join(oracleHome, 'jdbc', 'lib'));
    // DB2 needs both jars: the directory with one of them is not the driver's.
    const sqllib = path.join(m.home, 'sqllib', 'java');
    touch(path.join(sqllib, 'db2jcc4.jar'));
    expect(findDriverDir('db2', { HOME: m.home, CLASSPATH: path.join(sqllib, 'db2jcc4.jar') })).not.toBe(sqllib);
    touch(path.join(sqllib, 'db2jcc_license_cu.jar'));
    expect(findDriverDir('db2', { HOME: m.home })).toBe(sqllib);
  });
});
