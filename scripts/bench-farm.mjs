// The farm section of `npm run bench`: for each farm size, the tutorial run as a script
// (scripts/tutorial-baseline.sh) and the wizard, alternately, each from nothing on the same real
// Liberty, PMF stand-in and private MariaDB; then the wizard's second run of its farm (nothing to
// do, the full verification included). Prints wall times (min-median-max), the ratio, the
// restarts of each, the wizard's own CPU time beside its wall time, and its verification time.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureImRepository } from './liberty-runtime.mjs';
import { stopServers } from './local-services.mjs';
import { cli, root, standInAnswers } from './stand-in-answers.mjs';

const baselineScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tutorial-baseline.sh');
// The wizard's own CPU time (its Node process, not the commands it waits for), written at exit.
const usageHook = `data:text/javascript,import fs from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); fs.writeFileSync(process.env.BENCH_USAGE_FILE, String((u.userCPUTime + u.systemCPUTime) / 1000)); });`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function spread(values) {
  return `${Math.round(Math.min(...values))}–${Math.round(median(values))}–${Math.round(Math.max(...values))}`;
}

function timed(command, args, options) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${result.status}\n${(result.stdout ?? '').slice(-3000)}\n${(result.stderr ?? '').slice(-3000)}`);
  return { ms, stdout: result.stdout };
}

function mysqlDatabase(dir, maria) {
  const rootPassword = path.join(dir, 'root-pw');
  fs.writeFileSync(rootPassword, `${maria.rootPassword}\n`, { mode: 0o600 });
  return { type: 'mysql', host: maria.host, port: maria.port, name: `MFP${randomBytes(3).toString('hex').toUpperCase()}`, user: 'mfpuser', password: { env: 'PMF_DB_PASSWORD' }, driverDir: '/usr/share/java', admin: { user: 'root', password: { file: rootPassword } } };
}

/** The tutorial as a script, N nodes, from nothing: wall time and its restarts. */
async function baselineRun(nodes, maria, dbPassword) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-bench-tutorial-'));
  // Same free ports and answers as the wizard would get, so both runs are alike.
  const { answers, env } = await standInAnswers(dir, { nodes });
  const ports = answers.nodes.flatMap((node) => [node.httpPort, node.httpsPort]).join(' ');
  try {
    const run = timed('bash', [baselineScript], {
      env: { ...env, BASE_DIR: dir, N: String(nodes), PORTS: ports, IMCL: path.join(root, 'fixtures', 'im', 'imcl'), REPOSITORY: ensureImRepository(), PMF_DIR: path.join(root, 'fixtures', 'pmf'), DB_HOST: maria.host, DB_PORT: String(maria.port), DB_ROOT_PASSWORD: maria.rootPassword, DB_NAME: `TUT${randomBytes(3).toString('hex').toUpperCase()}`, ADMIN_PASSWORD: env.PMF_ADMIN_PASSWORD, DB_PASSWORD: dbPassword },
    });
    return { ms: run.ms, restarts: Number(/restarts=(\d+)/.exec(run.stdout)?.[1]) };
  } finally {
    stopServers(path.join(dir, 'liberty', 'bin', 'server'), answers.nodes.map((node) => node.name), env);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The wizard, N nodes, from nothing, then again with nothing to do. */
export async function wizardRun(nodes, maria, dbPassword) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-bench-wizard-'));
  const run = await standInAnswers(dir, { nodes, database: mysqlDatabase(dir, maria) });
  const usageFile = path.join(dir, 'cpu-ms');
  const env = { ...run.env, PMF_DB_PASSWORD: dbPassword, BENCH_USAGE_FILE: usageFile };
  const args = ['--import', usageHook, cli, '--answers', run.file, '--state', run.state];
  try {
    const build = timed('node', args, { env });
    const cpuMs = Number(fs.readFileSync(usageFile, 'utf8'));
    const { steps } = JSON.parse(fs.readFileSync(path.join(run.state, 'checkpoint.json'), 'utf8'));
    const again = timed('node', args, { env });
    // The second run verifies the farm again, every node long ready: verification alone, without the first pass's wait on JVMs just started.
    const second = JSON.parse(fs.readFileSync(path.join(run.state, 'checkpoint.json'), 'utf8')).steps;
    return { ms: build.ms, cpuMs, stepMs: Object.fromEntries(Object.entries(steps).map(([id, step]) => [id, step.durationMs ?? 0])), restarts: steps['trust-and-ltpa']?.outputs?.restarts, verifyMs: steps['verify-farm']?.durationMs, verifyAgainMs: second['verify-farm']?.durationMs, secondMs: again.ms };
  } finally {
    stopServers(run.server, run.answers.nodes.map((node) => node.name), run.env);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFarms({ sizes, repetitions, maria }) {
  const dbPassword = `Db-${randomBytes(6).toString('hex')}`;
  const rows = [];
  const byNodes = new Map();
  for (const nodes of sizes) {
    const tutorial = [];
    const wizard = [];
    for (let i = 0; i < repetitions; i++) {
      // Alternately, so that anything else the machine does slows both alike.
      tutorial.push(await baselineRun(nodes, maria, dbPassword));
      wizard.push(await wizardRun(nodes, maria, dbPassword));
    }
    const ratios = wizard.map((w, i) => w.ms / tutorial[i].ms);
    const figures = {
      nodes,
      'tutorial ms (min–med–max)': spread(tutorial.map((t) => t.ms)),
      'wizard ms (min–med–max)': spread(wizard.map((w) => w.ms)),
      'wizard/tutorial': `${Math.min(...ratios).toFixed(2)}–${median(ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
      'restarts tutorial/wizard': `${tutorial[0].restarts}/${wizard[0].restarts}`,
      'wizard cpu ms (% of wall)': `${Math.round(median(wizard.map((w) => w.cpuMs)))} (${(100 * median(wizard.map((w) => w.cpuMs / w.ms))).toFixed(1)}%)`,
      'verify ms (build / finished farm)': `${Math.round(median(wizard.map((w) => w.verifyMs)))} / ${Math.round(median(wizard.map((w) => w.verifyAgainMs)))}`,
      'second run ms (x build)': `${Math.round(median(wizard.map((w) => w.secondMs)))} (${median(wizard.map((w) => w.secondMs / w.ms)).toFixed(2)})`,
    };
    byNodes.set(nodes, { tutorial, wizard });
    rows.push(figures);
  }
  console.log('Farms from nothing: the tutorial run as a script beside the wizard, on real Liberty (targets: wizard/tutorial ≤ 0.6 for 2 nodes, ≤ 0.4 for 4; second run ≤ 0.15× build; wizard CPU ≤ 5% of wall)');
  console.table(rows);
  console.log('The wizard\'s farm builds: median time of each step (ms), from the checkpoint:');
  console.table([...byNodes].map(([nodes, { wizard }]) => ({ nodes, ...Object.fromEntries(Object.keys(wizard[0].stepMs).map((id) => [id, Math.round(median(wizard.map((w) => w.stepMs[id] ?? 0)))])) })));
  if (byNodes.has(2) && byNodes.has(4)) {
    const ratio = (key) => (median(byNodes.get(4).wizard.map((w) => w[key])) / median(byNodes.get(2).wizard.map((w) => w[key]))).toFixed(2);
    console.log(`Verification of 4 nodes / verification of 2 nodes (target ≤ 1.3): ${ratio('verifyMs')} in the build (its first pass right after the starts), ${ratio('verifyAgainMs')} on the finished farm (the second run)`);
  }
  return rows;
}
