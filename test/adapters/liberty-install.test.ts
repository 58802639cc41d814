import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertPmfFeatures,
  assertSupportedJava,
  javaMajorOf,
  javaSupported,
  libertyJava,
  missingFeatures,
  PMF_FEATURES,
  supportedJavaMajors,
} from '../../source/adapters/liberty-install.js';
import { StepFailure } from '../../source/engine/errors.js';
import { makeStepContext } from '../support/step-context.js';

describe('the Java table', () => {
  it.each([
    ['8.5.5.9', [6, 7, 8]],
    ['8.5.5.4', [6, 7]],
    ['19.0.0.3', [7, 8, 11]],
    ['20.0.0.11', [8, 11, 15]],
    ['21.0.0.12', [8, 11, 17]],
    ['23.0.0.3', [8, 11, 17, 20]],
    ['23.0.0.10', [8, 11, 17, 21]],
    ['25.0.0.10', [8, 11, 17, 21, 25]],
    ['26.0.0.3', [8, 11, 17, 21, 25]],
    ['26.0.0.10', [8, 11, 17, 21, 25, 27]],
    ['27.0.0.1', [11, 17, 21, 25, 27]],
  ])('Liberty %s supports Java %j', (version, majors) => {
    expect(supportedJavaMajors(version)).toEqual(majors);
  });

  it('refuses a Java the release predates or dropped; a Liberty newer than the table may run a newer Java', () => {
    expect(javaSupported('20.0.0.11', 17)).toBe(false);
    expect(javaSupported('26.0.0.3', 6)).toBe(false);
    expect(javaSupported('26.0.0.3', 17)).toBe(true);
    expect(javaSupported('26.0.0.3', 29)).toBe(false);
    expect(javaSupported('28.0.0.4', 29)).toBe(true);
  });

  it.each([
    ['openjdk version "1.6.0"', 6],
    ['java version "1.8.0_392"\nJava(TM) SE Runtime Environment', 8],
    ['openjdk version "11.0.22" 2024-01-16', 11],
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['bash: java: command not found', undefined],
  ])('java -version %j is Java %s', (output, major) => {
    expect(javaMajorOf(output)).toBe(major);
  });
});

describe('which Java Liberty uses', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liberty-java-'));
  const install = path.join(dir, 'wlp');
  const server = path.join(dir, 'usr', 'servers', 'pmf1');
  fs.mkdirSync(path.join(install, 'etc'), { recursive: true });
  fs.mkdirSync(server, { recursive: true });

  it('server.env, then etc/server.env, then JAVA_HOME or JRE_HOME, then java on the PATH', () => {
    expect(libertyJava(install, server, {})).toEqual({ command: 'java', from: 'java on the PATH' });
    expect(libertyJava(install, server, { JRE_HOME: '/jre' }).command).toBe('/jre/bin/java');
    expect(libertyJava(install, server, { JRE_HOME: '/jre', JAVA_HOME: '/jdk' }).command).toBe('/jdk/bin/java');
    fs.writeFileSync(path.join(install, 'etc', 'server.env'), 'WLP_USER_DIR=/x\nJAVA_HOME=/etc-jdk\n');
    expect(libertyJava(install, server, { JAVA_HOME: '/jdk' })).toEqual({ command: '/etc-jdk/bin/java', from: `JAVA_HOME in ${path.join(install, 'etc', 'server.env')}` });
    fs.writeFileSync(path.join(server, 'server.env'), 'JAVA_HOME="/server-jdk"\n');
    expect(libertyJava(install, server, { JAVA_HOME: '/jdk' }).command).toBe('/server-jdk/bin/java');
    expect(libertyJava(install, undefined, {}).command).toBe('/etc-jdk/bin/java');
  });

  it('a Java the release does not support fails with the versions it does support and the file to change', async () => {
    const fake = path.join(dir, 'old-jdk');
    fs.mkdirSync(path.join(fake, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(fake, 'bin', 'java'), '#!/bin/sh\necho \'openjdk version "1.6.0"\' >&2\n', { mode: 0o755 });
    fs.writeFileSync(path.join(server, 'server.env'), `JAVA_HOME=${fake}\n`);
    const { ctx, close } = makeStepContext({});
    try {
      const error = await assertSupportedJava(ctx.runner, install, server, '20.0.0.11').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StepFailure);
      expect((error as StepFailure).message).toContain('Liberty 20.0.0.11 does not support Java 6 (it supports 8, 11, 15)');
      expect((error as StepFailure).fix).toContain(`Set JAVA_HOME in ${path.join(install, 'etc', 'server.env')} to a supported Java`);
      fs.writeFileSync(path.join(server, 'server.env'), `JAVA_HOME=${path.join(dir, 'none')}\n`);
      const missing = await assertSupportedJava(ctx.runner, install, server, '26.0.0.3').catch((e: unknown) => e);
      expect((missing as StepFailure).message).toMatch(/Liberty finds no Java: .*none\/bin\/java \(JAVA_HOME in .*server.env\) cannot be run/);
    } finally {
      close();
    }
  });
});

describe('the features PMF needs', () => {
  it('names each missing one, with the featureUtility command', () => {
    const install = fs.mkdtempSync(path.join(os.tmpdir(), 'liberty-features-'));
    const features = path.join(install, 'lib', 'features');
    fs.mkdirSync(features, { recursive: true });
    const manifest = (name: string) => fs.writeFileSync(path.join(features, `com.ibm.websphere.appserver.${name}.mf`), `Manifest-Version: 1.0\nIBM-ShortName: ${name}\n`);
    for (const name of ['servlet-3.1', 'jdbc-4.1', 'appSecurity-2.0', 'transportSecurity-1.0']) manifest(name);
    fs.writeFileSync(path.join(features, 'internal.mf'), 'Subsystem-SymbolicName: com.ibm.ws.internal; visibility:=private\n');
    expect(missingFeatures(install).map((feature) => feature.need)).toEqual(['jndi', 'restConnector']);
    expect(() => assertPmfFeatures(install, '19.0.0.12')).toThrow(/lacks features PMF needs: jndi \(jndi-1\.0\), restConnector \(restConnector-1\.0 or restConnector-2\.0\)/);
    try {
      assertPmfFeatures(install, '19.0.0.12');
    } catch (error) {
      expect((error as StepFailure).fix).toContain(`${path.join(install, 'bin', 'featureUtility')} installFeature jndi-1.0 restConnector-2.0`);
    }
    expect(missingFeatures(path.join(install, 'nowhere'))).toEqual(PMF_FEATURES);
  });
});
