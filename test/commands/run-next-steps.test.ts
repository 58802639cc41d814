import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { invocationOf } from '../../source/adapters/invocation.js';
import type { Io } from '../../source/commands/output.js';
import { resumeCommand, runCommand, type RunFlags } from '../../source/commands/run.js';
import { ExitCode, StepFailure, WizardError } from '../../source/engine/errors.js';
import type { Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';

// The run command end to end with a small step that does real file work in place of Liberty:
// the answers it reads are the ones the next steps are made of.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'run-next-steps-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const questions: Question[] = [
  { path: 'liberty.installDir', kind: 'path', schema: z.string(), prompt: 'Liberty installation directory', help: '' },
  { path: 'liberty.userDir', kind: 'path', schema: z.string(), prompt: 'Directory for the servers', help: '', optional: true },
  { path: 'nodes', kind: 'nodes', schema: z.array(z.object({ name: z.string(), httpPort: z.number(), httpsPort: z.number() })), prompt: 'Farm nodes', help: '' },
  { path: 'pmf.adminUser', kind: 'text', schema: z.string(), prompt: 'User name', help: '', default: 'admin' },
  { path: 'pmf.adminPassword', kind: 'password', schema: z.string(), prompt: 'Password', help: '', secret: true },
];

type Outcome = 'build' | 'unhealthy' | 'fail';

/** Writes <install>/built once; `unhealthy` then ends as a failed verification (exit 3), `fail` as a failed step. */
function buildStep(outcome: Outcome): Step {
  const marker = (answers: Record<string, unknown>) => path.join(String((answers.liberty as { installDir: string }).installDir), 'built');
  return {
    id: 'build',
    title: 'Build the farm',
    questions,
    async isDone(ctx) {
      return { done: fs.existsSync(marker(ctx.answers)), detail: 'built' };
    },
    async plan() {
      return [{ summary: 'build' }];
    },
    async run(ctx) {
      if (outcome === 'fail') throw new StepFailure('the build failed', 'Fix it.');
      fs.mkdirSync(path.dirname(marker(ctx.answers)), { recursive: true });
      fs.writeFileSync(marker(ctx.answers), '');
      if (outcome === 'unhealthy') throw new WizardError('the farm is not healthy', 'Resume.', ExitCode.verifyFailed);
      return {};
    },
  };
}

function setup(name: string) {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const answers = path.join(dir, 'answers.json');
  const body = {
    liberty: { installDir: path.join(dir, 'wlp'), userDir: path.join(dir, 'wlp-usr') },
    nodes: [
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
    ],
    pmf: { adminPassword: { env: 'RUN_NEXT_PASSWORD' } },
  };
  fs.writeFileSync(answers, JSON.stringify(body));
  const out: string[] = [];
  const env = { RUN_NEXT_PASSWORD: 'Canary-Passw0rd' };
  const io: Io = { stdout: (line) => out.push(line), stderr: (line) => out.push(line), isTTY: false, env, cwd: dir };
  const flags: RunFlags = { answers: 'answers.json', resume: false, dryRun: false, state: 'state', json: false, yes: false };
  // The tests run in this process: the invocation the command works out is this one.
  const invocation = invocationOf({ script: process.argv[1], env });
  return { dir, io, out, flags, invocation, stateDir: path.join(dir, 'state'), answers, wlp: path.join(dir, 'wlp'), usr: path.join(dir, 'wlp-usr') };
}

const run = (t: ReturnType<typeof setup>, outcome: Outcome, flags: Partial<RunFlags> = {}) => runCommand({ ...t.flags, ...flags }, [buildStep(outcome)], t.io, new AbortController().signal);

describe('an unattended run ends with what to do next', () => {
  it('plain: after the last line of the run, the consoles, login, server commands, verify, log and answers file', async () => {
    const t = setup('plain');
    expect(await run(t, 'build')).toBe(0);
    const done = t.out.findIndex((line) => line.startsWith('Done:'));
    const ending = t.out.slice(done + 1);
    const log = fs.readdirSync(path.join(t.stateDir, 'logs'))[0];
    expect(ending).toEqual([
      'Next steps',
      '  Log in as admin (the password in $RUN_NEXT_PASSWORD):',
      '    pmf1  http://localhost:9080/mfpconsole  https://localhost:9443/mfpconsole',
      '    pmf2  http://localhost:9081/mfpconsole  https://localhost:9444/mfpconsole',
      '  Start a server (stop or status in place of start stops or checks it):',
      `    WLP_USER_DIR=${t.usr} ${t.wlp}/bin/server start pmf1`,
      `    WLP_USER_DIR=${t.usr} ${t.wlp}/bin/server start pmf2`,
      `  Verify: ${t.invocation} verify --state ${t.stateDir} --answers ${t.answers}`,
      `  Log: ${path.join(t.stateDir, 'logs', log)}`,
      `  Answers file: ${t.answers}`,
    ]);
    expect(t.out.join('\n')).not.toContain('Canary-Passw0rd');
  });

  it('a run with nothing to do prints it too', async () => {
    const t = setup('noop');
    expect(await run(t, 'build')).toBe(0);
    t.out.length = 0;
    expect(await run(t, 'build', { resume: true })).toBe(0);
    const nothing = t.out.findIndex((line) => line.startsWith('Nothing to do'));
    expect(nothing).toBeGreaterThan(0);
    expect(t.out[nothing + 1]).toBe('Next steps');
    expect(t.out).toContain(`    WLP_USER_DIR=${t.usr} ${t.wlp}/bin/server start pmf2`);
  });

  it('--json: a last next-steps event after run-done, with the same data', async () => {
    const t = setup('json');
    expect(await run(t, 'build', { json: true })).toBe(0);
    const events = t.out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((event) => event.type).slice(-2)).toEqual(['run-done', 'next-steps']);
    const next = events.at(-1)!;
    expect(next).toMatchObject({
      login: { user: 'admin', password: 'the password in $RUN_NEXT_PASSWORD' },
      verify: `${t.invocation} verify --state ${t.stateDir} --answers ${t.answers}`,
      answersFile: t.answers,
      stateDir: t.stateDir,
      userDirInServerEnv: false,
      verifyNeedsAnswersFile: false,
    });
    expect(next.logFile).toMatch(new RegExp(`^${t.stateDir}/logs/.+\\.log$`));
    expect(next.nodes).toEqual([
      expect.objectContaining({ name: 'pmf1', httpsUrl: 'https://localhost:9443/mfpconsole', status: `WLP_USER_DIR=${t.usr} ${t.wlp}/bin/server status pmf1` }),
      expect.objectContaining({ name: 'pmf2', httpUrl: 'http://localhost:9081/mfpconsole', stop: `WLP_USER_DIR=${t.usr} ${t.wlp}/bin/server stop pmf2` }),
    ]);
  });

  it('exit 3 (built, not verified): still ends with them; a failed step (exit 1) does not', async () => {
    const unhealthy = setup('unhealthy');
    expect(await run(unhealthy, 'unhealthy')).toBe(3);
    expect(unhealthy.out).toContain('Next steps');
    const failed = setup('failed');
    expect(await run(failed, 'fail')).toBe(1);
    expect(failed.out).not.toContain('Next steps');
    expect(failed.out).toContain(`  The checkpoint is kept. After the fix, run: ${failed.invocation} --answers answers.json --state state --resume`);
  });

  it('a dry run changes nothing and has no next steps', async () => {
    const t = setup('dry');
    expect(await run(t, 'build', { dryRun: true })).toBe(0);
    expect(t.out).not.toContain('Next steps');
  });
});

describe('resumeCommand', () => {
  it('says how pmf-wizard was started, and quotes what a shell would split', () => {
    const flags: RunFlags = { answers: 'my answers.json', resume: false, dryRun: false, state: '/srv/state', json: false, yes: false };
    expect(resumeCommand(flags, 'npx pmf-wizard')).toBe("npx pmf-wizard --answers 'my answers.json' --state /srv/state --resume");
    expect(resumeCommand({ ...flags, answers: undefined }, 'node /opt/p/dist/cli.js')).toBe('node /opt/p/dist/cli.js --state /srv/state --resume');
  });
});
