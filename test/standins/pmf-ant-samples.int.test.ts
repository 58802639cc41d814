// Tests of the PMF stand-in's installation directory (fixtures/pmf): the samples, the SQL scripts,
// the bundled Apache Ant and the stand-in task library and WARs; each configure-liberty-*.xml sample
// with the documented properties and targets, run by real Ant. Behaviour pinned: pmf.md sections 1-8.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PMF, SAMPLES, ant, antSandbox } from '../support/pmf-ant.js';

antSandbox();

describe('PMF installation directory', () => {
  it('has the samples, the SQL scripts, the Ant launcher, the task library and the WARs', () => {
    for (const db of ['db2', 'mysql', 'oracle', 'derby']) {
      expect(fs.existsSync(path.join(SAMPLES, `configure-liberty-${db}.xml`))).toBe(true);
      for (const c of ['mfp-admin', 'configservice', 'runtime'])
        expect(fs.existsSync(path.join(PMF, `MobileFoundationServer/databases/create-${c}-${db}.sql`))).toBe(true);
      expect(fs.existsSync(path.join(PMF, `PushService/databases/create-push-${db}.sql`))).toBe(true);
    }
    for (const w of ['mfp-ant-deployer.jar', 'mfp-admin-service.war', 'mfp-live-update.war', 'mfp-admin-ui.war', 'mfp-server.war', 'mfp-dev-artifacts.war'])
      expect(fs.existsSync(path.join(PMF, 'MobileFoundationServer', w)), w).toBe(true);
    expect(fs.existsSync(path.join(PMF, 'PushService/mfp-push-service.war'))).toBe(true);
    // real web applications: a deployment descriptor Liberty reads without scanning for annotations
    for (const w of ['MobileFoundationServer/mfp-admin-ui.war', 'MobileFoundationServer/mfp-admin-service.war', 'PushService/mfp-push-service.war']) {
      const webXml = execFileSync('unzip', ['-p', path.join(PMF, w), 'WEB-INF/web.xml'], { encoding: 'utf8' });
      expect(webXml, w).toMatch(/<web-app [^>]*metadata-complete="true"/);
    }
    const jar = execFileSync('unzip', ['-l', path.join(PMF, 'MobileFoundationServer/mfp-ant-deployer.jar')], { encoding: 'utf8' });
    expect(jar).toContain('com/ibm/mfp/ant/deployers/liberty/lib/features/MFPDecoderFeature-1.0.mf');
    const again = spawnSync('bash', [path.join(PMF, 'build.sh')], { encoding: 'utf8' });
    expect(again.stdout).toContain('up to date');
  });

  it('each sample has the documented property block, the taskdef and the targets; no target lists them', async () => {
    const names: Record<string, string[]> = {
      db2: ['database.db2.host', 'database.db2.port', 'database.db2.driver.dir', 'database.db2.mfp.dbname', 'database.db2.mfp.schema', 'database.db2.mfp.username', 'database.db2.mfp.password'],
      mysql: ['database.mysql.host', 'database.mysql.port', 'database.mysql.driver.dir', 'database.mysql.mfp.dbname', 'database.mysql.mfp.username', 'database.mysql.mfp.password'],
      oracle: ['database.oracle.host', 'database.oracle.port', 'database.oracle.driver.dir', 'database.oracle.mfp.dbname', 'database.oracle.mfp.username', 'database.oracle.mfp.password'],
      derby: ['database.derby.datadir', 'database.derby.mfp.dbname'],
    };
    const common = ['mfp.admin.contextroot', 'mfp.runtime.contextroot', 'appserver.was.installdir', 'appserver.was85liberty.serverInstance',
      'appserver.was.profile', 'mfp.farm.configure', 'mfp.farm.server.id', 'mfp.analytics.configure', 'mfp.analytics.receiver.configure',
      'mfp.admin.client.id', 'mfp.admin.client.secret', 'mfp.push.client.id', 'mfp.push.client.secret', 'mfp.config.admin.user',
      'mfp.config.admin.password', 'mfp.admin.console.install', 'mfp.admin.default.user', 'mfp.admin.default.user.initialpassword',
      'mfp.server.install.dir', 'mfp.process.admin', 'mfp.process.runtime'];
    for (const db of Object.keys(names)) {
      const text = fs.readFileSync(path.join(SAMPLES, `configure-liberty-${db}.xml`), 'utf8');
      const block = text.slice(text.indexOf('<!-- Start of Property Parameters -->'), text.indexOf('<!-- End of Property Parameters -->'));
      for (const n of [...names[db], ...common]) expect(block, `${db}: ${n}`).toContain(`<property name="${n}" value=`);
      expect(block).toContain('<property name="appserver.was.profile" value="Liberty"/>');
      expect(block).toContain('<property name="mfp.admin.default.user.initialpassword" value="admin"/>');
      if (db !== 'derby') expect(block).toContain(`<property name="database.${db}.mfp.password" value="************"/>`);
      expect(text).toContain('<taskdef resource="com/ibm/mfp/ant/deployers/antlib.xml">');
      expect(text).toContain('${mfp.server.install.dir}/MobileFoundationServer/mfp-ant-deployer.jar');
      expect(text).toMatch(/default="help"/);
      for (const t of ['help', 'databases', 'admdatabases', 'rtmdatabases', 'pushdatabases', 'install', 'adminstall', 'rtminstall', 'pushinstall', 'uninstall', 'update'])
        expect(text, `${db}: target ${t}`).toContain(`<target name="${t}"`);
    }
    const r = await ant(path.join(SAMPLES, 'configure-liberty-db2.xml'), null, {});
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^help:$/m);
    expect(r.out).toContain('databases');
    expect(r.out).toMatch(/BUILD SUCCESSFUL/);
    const bad = await ant(path.join(SAMPLES, 'configure-liberty-db2.xml'), 'nosuch', {});
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Target "nosuch" does not exist in the project "configure-liberty-db2"/);
  });
});
