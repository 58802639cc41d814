// The README's demo: the wizard's main job, unattended, on the embedded default (Derby, one
// node): real Liberty downloaded by the wizard with mvn, the PMF stand-in deployed on it by the
// real Ant, in a temporary directory. Stops the server at the end.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopServers } from './local-services.mjs';
import { cli, standInAnswers } from './stand-in-answers.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-wizard-demo-'));
const run = await standInAnswers(dir, { installMethod: 'maven' });
console.log(`Demo directory: ${dir}\nAnswers: ${run.file}\n`);
const result = spawnSync('node', [cli, '--answers', run.file, '--state', run.state], { stdio: 'inherit', env: run.env });

const [node] = run.answers.nodes;
if (fs.existsSync(run.server)) {
  const version = spawnSync(run.server, ['version'], { encoding: 'utf8', env: run.env });
  console.log(`\n${run.server} version: ${version.stdout.trim()}`);
}
const status = fs.existsSync(run.server) ? spawnSync(run.server, ['status', node.name], { encoding: 'utf8', env: run.env }) : undefined;
if (status?.status === 0 && run.has('pmf')) {
  const url = `http://localhost:${node.httpPort}/mfpconsole`;
  const response = await fetch(url).catch((error) => ({ status: error.message, text: async () => '' }));
  const title = /<title>([^<]*)<\/title>/.exec(await response.text())?.[1];
  console.log(`\nGET ${url} -> ${response.status}${title ? ` (${title})` : ''}; log in as ${run.answers.pmf.adminUser} / ${run.env.PMF_ADMIN_PASSWORD} while the server runs`);
}
if (status?.status === 0) console.log('Stopping the demo server...');
stopServers(run.server, run.answers.nodes.map((node) => node.name), run.env);
console.log(`\nState, checkpoint and logs: ${run.state}\nRun it again to see that nothing is redone: node ${cli} --answers ${run.file} --state ${run.state}`);
process.exit(result.status ?? 1);
