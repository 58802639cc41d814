import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemWith } from '../../../source/engine/questions.js';
import { imclRunsCheck, nodePortsCheck } from '../../../steps/install-liberty/checks.js';
import { installLibertyQuestions } from '../../../steps/install-liberty/questions.js';
import { listen } from '../../support/listen.js';
import { freePorts } from '../../support/ports.js';

const IMCL = path.resolve('fixtures/im/imcl');
const question = (p: string) => installLibertyQuestions.find((q) => q.path === p)!;

function script(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imcl-check-'));
  const file = path.join(dir, 'imcl');
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

describe('the checks of the Liberty questions, where the answer is given', () => {
  it('the nodes question: a port another process holds is named as a person says it, with the next free pair', async () => {
    const holder = net.createServer();
    const held = await listen(holder, '127.0.0.1');
    try {
      const [a, b] = await freePorts(2);
      const answers = { liberty: { installDir: '/nonexistent/liberty' }, nodes: [{ name: 'pmf1', httpPort: a, httpsPort: b }, { name: 'pmf2', httpPort: held - 1, httpsPort: held }] };
      const problem = await nodePortsCheck(answers);
      expect(problem).toMatch(new RegExp(`^pmf2's HTTPS port ${held} is already in use by another process on this machine: give pmf2 the free ports (\\d+) \\(HTTP\\) and (\\d+) \\(HTTPS\\)`));
      expect(problem).not.toContain('pmf1');
      expect(problem).not.toContain('httpsPort');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    expect(await question('nodes').check!({ liberty: { installDir: '/nonexistent/liberty' }, nodes: [{ name: 'pmf1', httpPort: held, httpsPort: held + 1 }] })).toBeUndefined();
  });

  it('the imcl question: `imcl version` that exits 0 is no problem; one that fails, or no file, is', async () => {
    expect(await question('liberty.imclPath').check!({ liberty: { imclPath: IMCL } })).toBeUndefined();
    const failing = script('echo "ERROR: this is no Installation Manager" >&2\nexit 3');
    expect(await imclRunsCheck({ liberty: { imclPath: failing } })).toBe(
      `${failing} version failed (exit 3) (it said: ERROR: this is no Installation Manager): give the imcl of a working Installation Manager, usually …/InstallationManager/eclipse/tools/imcl.`,
    );
    const missing = path.join(os.tmpdir(), 'no-such-dir-pmf', 'imcl');
    expect(await imclRunsCheck({ liberty: { imclPath: missing } })).toMatch(/^Cannot run .*imcl: no such file: give the imcl of a working/);
  });

  it('the installation directory: one under a read-only place cannot be created (the question refuses it as typed)', () => {
    // /proc/sys refuses writing even to root (a chmod 555 directory would not stop root, who runs the tests here).
    expect(problemWith(question('liberty.installDir'), '/proc/sys/pmf-wizard-test/wlp')).toBe('cannot be created: /proc/sys is not writable by this user');
    expect(problemWith(question('liberty.userDir'), '/proc/sys/pmf-wizard-test/usr')).toBe('cannot be created: /proc/sys is not writable by this user');
    expect(problemWith(question('liberty.installDir'), path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wlp-')), 'new', 'wlp'))).toBeUndefined();
  });
});
