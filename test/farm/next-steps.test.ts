import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nextSteps, nextStepsOf, type NextStepsInput } from '../../source/farm/next-steps.js';

const input: NextStepsInput = {
  installDir: '/opt/wlp',
  userDir: '/srv/wlp-usr',
  userDirInServerEnv: true,
  nodes: [
    { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
    { name: 'pmf2', httpPort: 30081, httpsPort: 30444 },
  ],
  adminUser: 'admin',
  adminPasswordKept: { env: 'PMF_ADMIN_PASSWORD' },
  stateDir: '/x/state',
  logFile: '/x/state/logs/run-1.log',
  answersFile: '/x/answers.json',
  invocation: 'npx pmf-wizard',
};

describe('what to do next, from the resolved answers', () => {
  it('per node: both console URLs on this machine and the exact start, stop and status commands', () => {
    const next = nextSteps(input);
    expect(next.nodes).toEqual([
      {
        name: 'pmf1',
        httpUrl: 'http://localhost:9080/mfpconsole',
        httpsUrl: 'https://localhost:9443/mfpconsole',
        start: 'WLP_USER_DIR=/srv/wlp-usr /opt/wlp/bin/server start pmf1',
        stop: 'WLP_USER_DIR=/srv/wlp-usr /opt/wlp/bin/server stop pmf1',
        status: 'WLP_USER_DIR=/srv/wlp-usr /opt/wlp/bin/server status pmf1',
      },
      {
        name: 'pmf2',
        httpUrl: 'http://localhost:30081/mfpconsole',
        httpsUrl: 'https://localhost:30444/mfpconsole',
        start: 'WLP_USER_DIR=/srv/wlp-usr /opt/wlp/bin/server start pmf2',
        stop: 'WLP_USER_DIR=/srv/wlp-usr /opt/wlp/bin/server stop pmf2',
        status: 'WLP_USER_DIR=/srv/wlp-usr /opt/wlp/bin/server status pmf2',
      },
    ]);
    expect(next).toMatchObject({ userDir: '/srv/wlp-usr', userDirInServerEnv: true, stateDir: '/x/state', logFile: '/x/state/logs/run-1.log', answersFile: '/x/answers.json' });
  });

  it('the user to log in as, and where its password was given, never the password', () => {
    expect(nextSteps(input).login).toEqual({ user: 'admin', password: 'the password in $PMF_ADMIN_PASSWORD' });
    expect(nextSteps({ ...input, adminPasswordKept: { file: '/run/secrets/pmf' } }).login?.password).toBe('the password in /run/secrets/pmf');
    expect(nextSteps({ ...input, adminPasswordKept: undefined }).login?.password).toBe('the password you gave for the console administrator');
  });

  it('verify as this pmf-wizard was started, with the answers file; without one, when the passwords were typed, it says it needs one', () => {
    const next = nextSteps(input);
    expect(next.verify).toBe('npx pmf-wizard verify --state /x/state --answers /x/answers.json');
    expect(next.verifyNeedsAnswersFile).toBe(false);
    const typed = nextSteps({ ...input, answersFile: undefined, adminPasswordKept: undefined, invocation: 'node /opt/pmf-wizard/dist/cli.js' });
    expect(typed.verify).toBe('node /opt/pmf-wizard/dist/cli.js verify --state /x/state');
    expect(typed.verifyNeedsAnswersFile).toBe(true);
    // A resume from the checkpoint keeps the references: verify finds the passwords there.
    expect(nextSteps({ ...input, answersFile: undefined }).verifyNeedsAnswersFile).toBe(false);
  });

  it('paths a shell would split are quoted in the commands', () => {
    const next = nextSteps({ ...input, installDir: '/opt/IBM/Web Sphere', userDir: "/srv/it's", stateDir: '/x/my state' });
    expect(next.nodes[0].start).toBe(`WLP_USER_DIR='/srv/it'\\''s' '/opt/IBM/Web Sphere/bin/server' start pmf1`);
    expect(next.verify).toBe("npx pmf-wizard verify --state '/x/my state' --answers /x/answers.json");
  });
});

describe('nextStepsOf: the model of a run', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'next-steps-'));
  const installDir = path.join(dir, 'wlp');
  const place = { stateDir: path.join(dir, 'state'), invocation: 'pmf-wizard' };
  const nodes = [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }];
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('WLP_USER_DIR given: the servers live there, and etc/server.env naming it is said', () => {
    fs.mkdirSync(path.join(installDir, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(installDir, 'etc', 'server.env'), `WLP_USER_DIR=${dir}/usr\n`);
    const next = nextStepsOf({ answers: { liberty: { installDir, userDir: `${dir}/usr` }, nodes, pmf: { adminUser: 'ops' } }, persisted: {} }, place);
    expect(next?.nodes[0].start).toBe(`WLP_USER_DIR=${dir}/usr ${installDir}/bin/server start pmf1`);
    expect(next?.userDirInServerEnv).toBe(true);
    expect(next?.login).toEqual({ user: 'ops', password: 'the password you gave for the console administrator' });
    fs.rmSync(path.join(installDir, 'etc'), { recursive: true });
  });

  it('WLP_USER_DIR unset: <install>/usr, still written out in the command', () => {
    const next = nextStepsOf({ answers: { liberty: { installDir }, nodes, pmf: { adminUser: 'admin', adminPassword: 'secret-value' } }, persisted: { pmf: { adminPassword: { env: 'PW' } } } }, place);
    expect(next?.nodes[0].stop).toBe(`WLP_USER_DIR=${installDir}/usr ${installDir}/bin/server stop pmf1`);
    expect(next?.userDirInServerEnv).toBe(false);
    expect(JSON.stringify(next)).not.toContain('secret-value');
  });

  it('answers that name no Liberty or no nodes have no next steps', () => {
    expect(nextStepsOf({ answers: { target: { dir: '/tmp/x' } }, persisted: {} }, place)).toBeUndefined();
    expect(nextStepsOf({ answers: { liberty: { installDir }, nodes: [] }, persisted: {} }, place)).toBeUndefined();
  });
});
