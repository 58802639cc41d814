// Answers for runs against the bundled stand-ins, shared by the demo and the benchmark.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureImRepository } from './liberty-runtime.mjs';
import { freePort } from './local-services.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cli = path.join(root, 'dist', 'cli.js');

/** Writes <dir>/answers.json for `nodes` nodes and returns what a run needs. */
/**
 * `installMethod`: 'imcl' (the stand-in Installation Manager installing the real Liberty archive
 * from the cached repository) or 'maven' (the wizard downloads the pinned Liberty with mvn).
 */
export async function standInAnswers(dir, { nodes = 1, database = { type: 'derby', dataDir: path.join(dir, 'derby') }, installMethod = 'imcl' } = {}) {
  const schema = JSON.parse(execFileSync('node', [cli, 'schema'], { encoding: 'utf8' }));
  const has = (key) => key in (schema.properties ?? {});
  const ports = new Set();
  while (ports.size < 2 * nodes) ports.add(await freePort());
  const free = [...ports];
  const nodeList = Array.from({ length: nodes }, (_, i) => ({ name: `pmf${i + 1}`, httpPort: free[2 * i], httpsPort: free[2 * i + 1] }));
  const answers = {
    $schema: path.join(root, 'answers.schema.json'),
    liberty: {
      installMethod,
      ...(installMethod === 'imcl' ? { imclPath: path.join(root, 'fixtures', 'im', 'imcl'), repositoryDir: ensureImRepository() } : {}),
      installDir: path.join(dir, 'IBM', 'WebSphere', 'Liberty'),
      userDir: path.join(dir, 'wlp-usr'),
      acceptLicense: true,
    },
    nodes: nodeList,
  };
  if (has('pmf')) answers.pmf = { installDir: path.join(root, 'fixtures', 'pmf'), adminUser: 'admin', adminPassword: { env: 'PMF_ADMIN_PASSWORD' } };
  if (has('database')) answers.database = database;
  const file = path.join(dir, 'answers.json');
  fs.writeFileSync(file, `${JSON.stringify(answers, null, 2)}\n`);
  const env = { ...process.env, IM_DATA_DIR: path.join(dir, 'im-data'), PMF_ADMIN_PASSWORD: 'demo-Passw0rd' };
  fs.mkdirSync(env.IM_DATA_DIR, { recursive: true });
  return { answers, file, env, state: path.join(dir, 'state'), server: path.join(answers.liberty.installDir, 'bin', 'server'), has };
}
