// The README's demo: the wizard's main job, unattended, on the embedded default (Derby, one
// node) against the bundled stand-ins, in a temporary directory. Stops the server at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-wizard-demo-'));
const schema = JSON.parse(execFileSync('node', [cli, 'schema'], { encoding: 'utf8' }));
const has = (key) => key in (schema.properties ?? {});
const [httpPort, httpsPort] = [await freePort(), await freePort()];

const answers = {
  $schema: path.join(root, 'answers.schema.json'),
  liberty: {
    installMethod: 'imcl',
    imclPath: path.join(root, 'fixtures', 'im', 'imcl'),
    repositoryDir: path.join(root, 'fixtures', 'liberty-repo'),
    installDir: path.join(dir, 'IBM', 'WebSphere', 'Liberty'),
    userDir: path.join(dir, 'wlp-usr'),
    acceptLicense: true,
  },
  nodes: [{ name: 'pmf1', httpPort, httpsPort }],
};
if (has('pmf')) answers.pmf = { installDir: path.join(root, 'fixtures', 'pmf'), adminUser: 'admin', adminPassword: { env: 'PMF_ADMIN_PASSWORD' } };
if (has('database')) answers.database = { type: 'derby', dataDir: path.join(dir, 'derby') };
const answersFile = path.join(dir, 'answers.json');
fs.writeFileSync(answersFile, `${JSON.stringify(answers, null, 2)}\n`);

const env = { ...process.env, IM_DATA_DIR: path.join(dir, 'im-data'), PMF_ADMIN_PASSWORD: 'admin' };
fs.mkdirSync(env.IM_DATA_DIR);
console.log(`Demo directory: ${dir}\nAnswers: ${answersFile}\n`);
const state = path.join(dir, 'state');
const run = spawnSync('node', [cli, '--answers', answersFile, '--state', state], { stdio: 'inherit', env });

const server = path.join(answers.liberty.installDir, 'bin', 'server');
if (fs.existsSync(server)) {
  const status = spawnSync(server, ['status', 'pmf1'], { encoding: 'utf8', env });
  if (status.status === 0 && has('pmf')) {
    const response = await fetch(`http://localhost:${httpPort}/mfpconsole`).catch((error) => ({ status: error.message, text: async () => '' }));
    const body = await response.text();
    console.log(`\nGET http://localhost:${httpPort}/mfpconsole -> ${response.status}${/<title>([^<]*)<\/title>/.exec(body)?.[1] ? ` (${/<title>([^<]*)<\/title>/.exec(body)[1]})` : ''}`);
  }
  if (status.status === 0) {
    console.log('Stopping the demo server...');
    spawnSync(server, ['stop', 'pmf1'], { stdio: 'inherit', env });
  }
}
console.log(`\nState, checkpoint and logs: ${state}\nRun it again to see that nothing is redone: node ${cli} --answers ${answersFile} --state ${state}`);
process.exit(run.status ?? 1);
