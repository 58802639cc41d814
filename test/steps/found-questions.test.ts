import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultOf, isAdvanced, type PartialAnswers, type Question } from '../../source/engine/questions.js';
import { steps } from '../../steps/index.js';
import { makeFoundMachine } from '../support/found-machine.js';

const questions = steps.flatMap((step) => step.questions);
const byPath = (p: string) => questions.find((q) => q.path === p) as Question;
const found = (p: string, answers: PartialAnswers = {}) => ({ value: defaultOf(byPath(p), answers), advanced: isAdvanced(byPath(p), answers) });

describe('questions whose answer is found on the machine', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('take what was found as their default and are not asked (advanced); what was not found is asked', () => {
    const m = makeFoundMachine();
    vi.stubEnv('HOME', m.home);
    vi.stubEnv('PATH', `${m.imclDir}${path.delimiter}${m.path}`);
    vi.stubEnv('JAVA_HOME', '');
    vi.stubEnv('CLASSPATH', m.mariadbJar);
    expect(found('liberty.installMethod')).toEqual({ value: 'imcl', advanced: true });
    expect(found('liberty.imclPath')).toEqual({ value: path.join(m.imclDir, 'imcl'), advanced: true });
    expect(found('pmf.installDir')).toEqual({ value: m.pmf, advanced: true });
    expect(found('pmf.antPath', { pmf: { installDir: m.pmf } })).toEqual({ value: m.ant, advanced: true });
    expect(found('pmf.javaHome')).toEqual({ value: m.javaHome, advanced: true });
    expect(found('database.driverDir', { database: { type: 'mysql' } })).toEqual({ value: path.dirname(m.mariadbJar), advanced: true });

    // No Java anywhere, an installation directory without the bundled Ant: asked.
    vi.stubEnv('PATH', m.imclDir);
    expect(found('pmf.javaHome')).toEqual({ value: undefined, advanced: false });
    expect(found('pmf.antPath', { pmf: { installDir: m.root } })).toEqual({ value: undefined, advanced: false });
  });

  it('an answers file that names an imcl, an archive or a Maven artifact keeps that method when none is found', () => {
    const m = makeFoundMachine();
    vi.stubEnv('HOME', m.home);
    vi.stubEnv('PATH', m.path);
    expect(found('liberty.installMethod').value).toBe('maven');
    expect(found('liberty.installMethod', { liberty: { imclPath: '/x/imcl', repositoryDir: '/x/repo' } }).value).toBe('imcl');
    expect(found('liberty.installMethod', { liberty: { repositoryDir: '/x/repo' } }).value).toBe('imcl');
    expect(found('liberty.installMethod', { liberty: { archive: '/x/wlp.zip' } }).value).toBe('archive');
    expect(found('liberty.installMethod', { liberty: { version: '26.0.0.3' } }).value).toBe('maven');
  });

  it('what has a safe default is advanced; what only the person knows is asked', () => {
    const advanced = questions.filter((q) => q.advanced === true).map((q) => q.path);
    expect(advanced).toEqual([
      'liberty.packageId',
      'liberty.artifact',
      'liberty.version',
      'liberty.userDir',
      'database.name',
      'database.schema',
      'database.user',
      'database.clientHost',
      'database.tablespace',
      'database.dataDir',
      'database.db2Path',
      'database.sqlplusPath',
      'database.admin.user',
      'database.db2Instance',
      'pmf.adminUser',
      'pmf.adminContextRoot',
      'pmf.runtimeContextRoot',
      'pmf.adminClientId',
      'pmf.pushClientId',
      'pmf.configAdminUser',
      'pmf.startTimeoutSeconds',
    ]);
    const asked = questions.filter((q) => q.advanced === undefined).map((q) => q.path);
    expect(asked).toEqual([
      'liberty.acceptLicense',
      'liberty.repositoryDir',
      'liberty.archive',
      'liberty.installDir',
      'nodes',
      'database.type',
      'database.mode',
      'database.host',
      'database.port',
      'database.password',
      'database.admin.password',
      'pmf.adminPassword',
    ]);
  });
});
