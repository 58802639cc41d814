/**
 * The fault suite's inspectors find what they count: each is shown a target built to have it
 * (a process left running, a secret file, a readable password, a doubled element, a broken file),
 * and the same target without it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeXor } from '../../../source/adapters/keystore/liberty-password.js';
import { configFindings, leftovers, orphans } from './inspect.js';
import type { Target } from './target.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function target(): Target {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-'));
  fs.chmodSync(dir, 0o755);
  const state = path.join(dir, 'state');
  fs.mkdirSync(path.join(state, 'tmp'), { recursive: true });
  const server = path.join(dir, 'wlp-usr', 'servers', 'pmf1');
  fs.mkdirSync(server, { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(server, 'server.xml'), '<server><featureManager><feature>ssl-1.0</feature></featureManager><dataSource id="a"/></server>\n');
  return { dir, answers: '', state, liberty: path.join(dir, 'liberty'), userDir: path.join(dir, 'wlp-usr'), nodes: ['pmf1'], env: {}, canaries: ['Canary-123456'] };
}

async function running(command: string, args: string[], cwd: string): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd, stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return child;
}

describe('the fault suite inspectors', () => {
  it('orphans: a process working under the target counts; one Liberty JVM per node does not, a second one does', async () => {
    const t = target();
    expect(orphans(t)).toEqual([]);
    const sleeper = await running('sleep', ['30'], t.dir);
    expect(orphans(t).map((line) => Number(line.split(' ')[0]))).toEqual([sleeper.pid]);
    sleeper.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A stand-in for the JVM's command line: `… -jar …/ws-server.jar pmf1`.
    const jar = path.join(t.dir, 'ws-server.jar');
    const first = await running(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', '--', '-jar', jar, 'pmf1'], t.dir);
    expect(orphans(t)).toEqual([]);
    const second = await running(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', '--', '-jar', jar, 'pmf1'], t.dir);
    expect(orphans(t).length, String([first.pid, second.pid])).toBe(1);
  });

  it('leftovers: files in state/tmp, an Ant secrets file, and a password (or its {xor} form) another user can read', () => {
    const t = target();
    expect(leftovers(t, t.canaries)).toEqual([]);
    fs.writeFileSync(path.join(t.state, 'tmp', 'x'), '');
    fs.writeFileSync(path.join(t.state, 'secrets-1.properties'), '', { mode: 0o600 });
    const cache = path.join(t.userDir, 'servers', 'pmf1', 'configs.data');
    fs.writeFileSync(cache, `password=${encodeXor('Canary-123456')}`, { mode: 0o640 });
    expect(leftovers(t, t.canaries)).toHaveLength(3);
    // Behind an owner-only directory no other user reaches it.
    fs.chmodSync(path.dirname(cache), 0o700);
    expect(leftovers(t, t.canaries).some((line) => line.includes('configs.data'))).toBe(false);
  });

  it('configuration: an element written twice, an id given twice, a doubled jvm.options line, and XML that does not parse', async () => {
    const t = target();
    expect(await configFindings(t)).toEqual({ duplicates: [], corrupt: [] });
    const server = path.join(t.userDir, 'servers', 'pmf1');
    fs.writeFileSync(
      path.join(server, 'server.xml'),
      '<server><featureManager><feature>ssl-1.0</feature><feature>ssl-1.0</feature></featureManager><dataSource id="a" jndiName="x"/><dataSource id="a" jndiName="y"/></server>\n',
    );
    fs.writeFileSync(path.join(server, 'jvm.options'), '-Xmx1g\n-Xmx1g\n');
    const found = await configFindings(t);
    expect(found.duplicates).toHaveLength(3);
    fs.writeFileSync(path.join(server, 'server.xml'), '<server><featureManager>');
    expect((await configFindings(t)).corrupt).toHaveLength(1);
  });
});
