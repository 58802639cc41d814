import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPortFree } from '../../source/adapters/ports.js';
import { cli, root } from '../support/cli.js';
import { libertyImRepository } from '../support/liberty.js';
import { treeHash } from '../support/tree.js';

// Two runs with different state directories on one Liberty: the second is stopped before it
// changes anything, instead of taking the first one's Liberty for a stranger's.
const STEP1 = ['install-liberty'];
const imcl = path.join(root, 'fixtures', 'im', 'imcl');

async function freePair(): Promise<{ httpPort: number; httpsPort: number }> {
  for (;;) {
    const httpPort = 20_000 + Math.floor(Math.random() * 20_000);
    if ((await isPortFree(httpPort)) && (await isPortFree(httpPort + 1))) return { httpPort, httpsPort: httpPort + 1 };
  }
}

async function prepare() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owner-e2e-'));
  const answers = path.join(dir, 'answers.json');
  const installDir = path.join(dir, 'liberty');
  const userDir = path.join(dir, 'wlp-usr');
  const liberty = { installMethod: 'imcl', imclPath: imcl, repositoryDir: libertyImRepository, installDir, userDir, acceptLicense: true };
  fs.writeFileSync(answers, JSON.stringify({ liberty, nodes: [{ name: 'pmf1', ...(await freePair()) }] }, null, 2));
  fs.mkdirSync(path.join(dir, 'im-data'));
  const env = { IM_DATA_DIR: path.join(dir, 'im-data') };
  const run = (state: string) => cli(['--answers', answers, '--state', path.join(dir, state)], { env, steps: STEP1 });
  return { dir, installDir, userDir, run, targets: () => `${treeHash(installDir)}/${treeHash(userDir)}` };
}

describe('the Liberty directories belong to the state directory that installed them', () => {
  it('a run from another state directory exits 2 naming it and changes nothing; once that state directory is gone, a run adopts them', async () => {
    const { dir, installDir, userDir, run, targets } = await prepare();
    const first = await run('state-a');
    expect(first.exitCode, first.all).toBe(0);
    const stateA = path.join(dir, 'state-a');
    for (const marked of [installDir, userDir]) {
      const marker = path.join(marked, '.pmf-wizard-owner');
      expect(JSON.parse(fs.readFileSync(marker, 'utf8')).stateDir).toBe(stateA);
      expect(fs.statSync(marker).mode & 0o777).toBe(0o644);
    }

    const before = targets();
    const second = await run('state-b');
    expect(second.exitCode, second.all).toBe(2);
    expect(second.stderr).toContain(`Liberty installation directory (liberty.installDir): ${installDir} belongs to the wizard run whose state directory is ${stateA}`);
    expect(second.stderr).toContain(`Directory for the servers (WLP_USER_DIR) (liberty.userDir): ${userDir} belongs to the wizard run whose state directory is ${stateA}`);
    expect(second.stderr).toContain(`--resume --state ${stateA}`);
    expect(second.all).not.toContain('uninstall');
    expect(targets()).toBe(before);
    expect(fs.existsSync(path.join(dir, 'state-b'))).toBe(false);

    // The run of state-a continues as before: nothing to do.
    const again = await run('state-a');
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stdout).toContain('Nothing to do');
    expect(targets()).toBe(before);

    fs.rmSync(stateA, { recursive: true });
    const adopting = await run('state-b');
    expect(adopting.exitCode, adopting.all).toBe(0);
    expect(adopting.stdout).toContain(`Adopted ${installDir} (liberty.installDir): its marker named ${stateA}, which holds no run any more`);
    expect(JSON.parse(fs.readFileSync(path.join(userDir, '.pmf-wizard-owner'), 'utf8')).stateDir).toBe(path.join(dir, 'state-b'));
  });
});
