import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { invocationOf } from '../../source/adapters/invocation.js';
import type { Io } from '../../source/commands/output.js';
import { verifyCommand } from '../../source/commands/verify.js';
import type { Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';
import type { FarmReport } from '../../steps/verify-farm/report.js';

// The checks themselves need Liberty (test/e2e covers them): here verifyFarm answers with a
// report, and the command's own part, what it prints after the report, is what is tested.
const verification = vi.hoisted(() => ({ healthy: true }));
vi.mock('../../steps/verify-farm/index.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../steps/verify-farm/index.js')>()),
  verifyFarm: async (): Promise<FarmReport> => ({
    healthy: verification.healthy,
    nodes: ['pmf1'],
    checks: ['running'],
    table: { pmf1: { running: { ok: verification.healthy, cell: verification.healthy ? 'yes' : 'no', detail: '' } } } as FarmReport['table'],
    failures: verification.healthy ? [] : [{ check: 'running', node: 'pmf1', detail: 'pmf1 is stopped', repair: 'starts pmf1' }],
    checkedAt: '2026-01-01T00:00:00Z',
    durationMs: 5,
    attempts: 1,
  }),
}));

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-next-steps-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const questions: Question[] = [
  { path: 'liberty.installDir', kind: 'path', schema: z.string(), prompt: 'Liberty installation directory', help: '' },
  { path: 'nodes', kind: 'nodes', schema: z.array(z.object({ name: z.string(), httpPort: z.number(), httpsPort: z.number() })), prompt: 'Farm nodes', help: '' },
  { path: 'pmf.adminUser', kind: 'text', schema: z.string(), prompt: 'User name', help: '', default: 'admin' },
  { path: 'pmf.adminPassword', kind: 'password', schema: z.string(), prompt: 'Password', help: '', secret: true },
];
const steps: Step[] = [{ id: 'farm', title: 'Farm', questions, isDone: async () => ({ done: true, detail: '' }), plan: async () => [], run: async () => ({}) }];

function setup(healthy: boolean) {
  verification.healthy = healthy;
  const dir = fs.mkdtempSync(path.join(root, 'farm-'));
  const answers = path.join(dir, 'answers.json');
  fs.writeFileSync(answers, JSON.stringify({ liberty: { installDir: path.join(dir, 'wlp') }, nodes: [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }], pmf: { adminPassword: { env: 'VERIFY_NEXT_PW' } } }));
  const out: string[] = [];
  const err: string[] = [];
  const env = { VERIFY_NEXT_PW: 'Canary-Passw0rd' };
  const io: Io = { stdout: (line) => out.push(line), stderr: (line) => err.push(line), isTTY: false, env, cwd: dir };
  return { dir, out, err, io, invocation: invocationOf({ script: process.argv[1], env }), start: `WLP_USER_DIR=${dir}/wlp/usr ${dir}/wlp/bin/server start pmf1` };
}

describe('pmf-wizard verify ends with the consoles and the server commands when the farm is healthy', () => {
  it('plain: after the report, the console URLs, the login and the start command', async () => {
    const t = setup(true);
    expect(await verifyCommand({ state: 'state', json: false, answers: 'answers.json' }, steps, t.io)).toBe(0);
    const next = t.out.indexOf('Next steps');
    expect(next).toBeGreaterThan(0);
    expect(t.out.slice(next)).toEqual([
      'Next steps',
      '  Log in as admin (the password in $VERIFY_NEXT_PW):',
      '    pmf1  http://localhost:9080/mfpconsole  https://localhost:9443/mfpconsole',
      '  Start a server (stop or status in place of start stops or checks it):',
      `    ${t.start}`,
    ]);
  });

  it('--json: the one report line carries them as nextSteps', async () => {
    const t = setup(true);
    expect(await verifyCommand({ state: 'state', json: true, answers: 'answers.json' }, steps, t.io)).toBe(0);
    expect(t.out).toHaveLength(1);
    const report = JSON.parse(t.out[0]) as { type: string; nextSteps: { nodes: Array<{ start: string; httpsUrl: string }> } };
    expect(report.type).toBe('farm-verification');
    expect(report.nextSteps.nodes[0]).toMatchObject({ start: t.start, httpsUrl: 'https://localhost:9443/mfpconsole' });
  });

  it('unhealthy: no next steps; the repair command says how pmf-wizard was started', async () => {
    const t = setup(false);
    expect(await verifyCommand({ state: 'state', json: false, answers: 'answers.json' }, steps, t.io)).toBe(3);
    expect(t.out).not.toContain('Next steps');
    expect(t.err).toEqual([`The farm is not healthy: run ${t.invocation} --state state --answers answers.json --resume to repair it (the repair of each failure is shown above).`]);
  });
});
