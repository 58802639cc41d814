import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import type { Step } from '../../source/engine/step.js';
import { nextSteps, type NextStepsInput } from '../../source/farm/next-steps.js';
import { nextStepsLines } from '../../source/ui/next-steps-lines.js';
import { Summary, summaryLines } from '../../source/ui/Summary.js';
import { mount, tempDir } from './app-harness.js';
import { KEY, renderPlain, send, waitFor, waitForText } from './ink-helpers.js';

const input: NextStepsInput = {
  installDir: '/opt/wlp',
  userDir: '/srv/wlp-usr',
  userDirInServerEnv: false,
  nodes: [
    { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
    { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
  ],
  adminUser: 'admin',
  adminPasswordKept: undefined,
  stateDir: '/home/me/.pmf-wizard',
  logFile: '/home/me/.pmf-wizard/logs/run-2026-01-01T00-00-00-000Z.log',
  invocation: 'npx pmf-wizard',
};
const nodes = input.nodes;
const tables = [{ title: 'Verify the farm', table: { header: ['node', 'state'], rows: [['pmf1', 'running'], ['pmf2', 'running']] } }];

describe('the next steps as lines', () => {
  it('at most 80 columns when the paths are short, one line of URLs and one command per node', () => {
    const lines = nextStepsLines(nextSteps(input));
    expect(lines).toEqual([
      'Next steps',
      '  Log in as admin (the password you gave for the console administrator):',
      '    pmf1  http://localhost:9080/mfpconsole  https://localhost:9443/mfpconsole',
      '    pmf2  http://localhost:9081/mfpconsole  https://localhost:9444/mfpconsole',
      '  Start a server (stop or status in place of start stops or checks it):',
      '    WLP_USER_DIR=/srv/wlp-usr /opt/wlp/bin/server start pmf1',
      '    WLP_USER_DIR=/srv/wlp-usr /opt/wlp/bin/server start pmf2',
      '  Verify: npx pmf-wizard verify --state /home/me/.pmf-wizard --answers FILE',
      '    (FILE: the answers file you save, with its password variables exported)',
      '  Log: /home/me/.pmf-wizard/logs/run-2026-01-01T00-00-00-000Z.log',
    ]);
    for (const line of lines.slice(0, -1)) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('a long node name puts the HTTPS URL under the HTTP one; etc/server.env naming WLP_USER_DIR is said', () => {
    const lines = nextStepsLines(nextSteps({ ...input, userDirInServerEnv: true, nodes: [{ name: 'pmf-production-east', httpPort: 30080, httpsPort: 30443 }] }), 'servers');
    expect(lines).toContain('    pmf-production-east  http://localhost:30080/mfpconsole');
    expect(lines).toContain('                         https://localhost:30443/mfpconsole');
    expect(lines).toContain('  (etc/server.env sets WLP_USER_DIR too, so bin/server finds them without it)');
    expect(lines.some((line) => line.includes('verify'))).toBe(false);
  });
});

describe('Summary: the final screen ends with the next steps', () => {
  it('URLs, login, server commands, verify and log, then the offer to save', async () => {
    const onChoice = vi.fn();
    const r = renderPlain(<Summary durationMs={75_000} exitCode={0} counts={{ done: 7, skipped: 0 }} nodes={nodes} tables={tables} next={nextSteps(input)} onChoice={onChoice} />);
    const frame = await waitForText(r, 'Finish without saving');
    for (const line of nextStepsLines(nextSteps(input))) expect(frame).toContain(line);
    expect(frame.indexOf('Next steps')).toBeGreaterThan(frame.indexOf('  pmf2  running'));
    expect(frame.indexOf('Save these answers')).toBeGreaterThan(frame.indexOf('  Log: '));
    // The URLs are in the next steps, not listed a second time.
    expect(frame.split('http://localhost:9080/mfpconsole')).toHaveLength(2);
    await send(r, KEY.down, '❯ 2. Finish without saving');
    await send(r, KEY.enter);
    await waitFor(() => onChoice.mock.calls.length === 1, 'choice', r);
    expect(onChoice).toHaveBeenCalledWith('finish');
  });

  it('a command wider than the screen wraps instead of losing its end', async () => {
    const deep = `/opt/${'very-long-directory-name/'.repeat(4)}wlp`;
    const next = nextSteps({ ...input, installDir: deep, userDir: `${deep}/usr` });
    const r = renderPlain(<Summary durationMs={1000} exitCode={0} counts={{ done: 1, skipped: 0 }} nodes={nodes} tables={[]} next={next} onChoice={() => {}} />);
    const frame = await waitForText(r, 'Finish without saving');
    const lines = frame.split('\n');
    const at = lines.findIndex((line) => line.startsWith('    WLP_USER_DIR='));
    const end = lines.findIndex((line, i) => i > at && line.endsWith('server start pmf1'));
    // The command goes on under its own start (4 columns in), never at column 0.
    for (const line of lines.slice(at, end + 1)) expect(line).toMatch(/^ {4}\S/);
    expect(lines.slice(at, end + 1).map((line) => line.trim()).join(' ').replace(/\/ /g, '/')).toBe(`WLP_USER_DIR=${deep}/usr ${deep}/bin/server start pmf1`);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('summaryLines, which stay on the screen after the wizard ends, hold them too', () => {
    const next = nextSteps(input);
    const lines = summaryLines({ durationMs: 1000, exitCode: 3, counts: { done: 1, skipped: 6 }, nodes, tables: [], next });
    expect(lines.map((line) => line.text)).toEqual(['✖ Built, but the verification failed in 1.0s: 1 step run, 6 already done.', '', ...nextStepsLines(next)]);
    expect(lines[2]).toEqual({ text: 'Next steps', tone: 'title' });
  });
});

describe('the wizard builds them from the answers it ran with', () => {
  it('the final screen of a run names its nodes, the login, the state directory and the log', async () => {
    const dir = tempDir();
    const installDir = path.join(dir, 'wlp');
    const step: Step = {
      id: 'farm',
      title: 'Build the farm',
      questions: [
        { path: 'liberty.installDir', kind: 'path', schema: z.string(), prompt: 'Liberty installation directory', help: '' },
        { path: 'nodes', kind: 'nodes', schema: z.array(z.object({ name: z.string(), httpPort: z.number(), httpsPort: z.number() })), prompt: 'Farm nodes', help: '' },
        { path: 'pmf.adminUser', kind: 'text', schema: z.string(), prompt: 'User name', help: '', default: 'ops' },
      ],
      isDone: async () => ({ done: false, detail: '' }),
      plan: async () => [],
      run: async () => ({}),
    };
    const m = mount([step], dir, { fromAnswersFile: true, raw: { liberty: { installDir }, nodes: [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }] } });
    let frame = await waitForText(m.r, /Finish without saving|❯ .*Start/);
    if (!frame.includes('Finish without saving')) frame = await send(m.r, KEY.enter, 'Finish without saving');
    const flat = frame.replace(/\s+/g, ' ');
    expect(flat).toContain('Next steps Log in as ops (the password you gave for the console administrator):');
    expect(flat).toContain('pmf1 http://localhost:9080/mfpconsole https://localhost:9443/mfpconsole');
    expect(flat).toContain(`WLP_USER_DIR=${installDir}/usr ${installDir}/bin/server start pmf1`);
    expect(flat).toContain(`verify --state ${path.join(dir, 'state')} --answers FILE`);
    expect(flat).toMatch(new RegExp(`Log: ${path.join(dir, 'state', 'logs')}/\\S+\\.log`));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
