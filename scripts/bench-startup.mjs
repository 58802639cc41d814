// The start-up section of `npm run bench`: wall time and peak memory of the commands that should
// load almost nothing, next to a bare `node -e 0`.
//   BENCH_STARTUP_RUNS   timed runs per command (default 10)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 10);
const TARGET_RATIO = 1.5;
const TARGET_MB = 60;
const GNU_TIME = '/usr/bin/time';

const commands = [
  { name: 'node -e 0', args: ['-e', '0'], exitCodes: [0] },
  { name: '--help', args: ['dist/cli.js', '--help'], exitCodes: [0], targets: true },
  { name: '--version', args: ['dist/cli.js', '--version'], exitCodes: [0] },
  // Exit 2 on a machine without the sample's Installation Manager: the whole check still runs.
  { name: 'validate single-node-derby.json', args: ['dist/cli.js', 'validate', 'fixtures/answers/single-node-derby.json'], exitCodes: [0, 2], targets: true },
  { name: 'schema', args: ['dist/cli.js', 'schema'], exitCodes: [0] },
];
const env = { ...process.env, PMF_ADMIN_PASSWORD: 'Bench-Passw0rd' };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function run(argv, command, extraEnv = {}) {
  const result = spawnSync(argv[0], argv.slice(1), { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  if (!command.exitCodes.includes(result.status)) throw new Error(`node ${command.args.join(' ')}: exit ${result.status}\n${result.stderr.slice(-2000)}`);
  return result;
}

function wallMs(command) {
  const started = process.hrtime.bigint();
  run(['node', ...command.args], command);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

// Without GNU time, the child reports its own usage from an exit hook; its loading is not timed.
const usageHook = `data:text/javascript,import fs from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); fs.writeFileSync(process.env.BENCH_USAGE_FILE, [u.maxRSS, u.userCPUTime / 1e6, u.systemCPUTime / 1e6].join(' ')); });`;

/** Peak resident set size (MB) and CPU time (ms) of one run, from GNU time when present, else from the child. */
function usageOf(command) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-wizard-bench-usage-')), 'usage');
  try {
    if (fs.existsSync(GNU_TIME)) run([GNU_TIME, '-f', '%M %U %S', '-o', file, 'node', ...command.args], command);
    else run(['node', '--import', usageHook, ...command.args], command, { BENCH_USAGE_FILE: file });
    // GNU time writes "Command exited with non-zero status N" before the figures.
    const [kb, user, system] = fs.readFileSync(file, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
    return { mb: kb / 1024, cpuMs: (user + system) * 1000 };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** Runs the commands in turns, so a machine busy with something else slows each of them alike. */
function measureAll() {
  for (const command of commands) wallMs(command); // warm the file cache; not counted
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach((command, j) => times[j].push(wallMs(command)));
  return commands.map((command, j) => {
    const usage = Array.from({ length: 3 }, () => usageOf(command));
    return { command, ms: median(times[j]), cpuMs: median(usage.map((u) => u.cpuMs)), mb: Math.max(...usage.map((u) => u.mb)) };
  });
}

export function benchStartup() {
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build first');
  const figures = measureAll();
  const baseline = figures[0].ms;
  const rows = figures.map(({ command, ms, cpuMs, mb }) => ({
    command: command.name,
    'median ms': Math.round(ms),
    'x node -e 0': Number((ms / baseline).toFixed(2)),
    'cpu ms': Math.round(cpuMs),
    'peak MB': Number(mb.toFixed(1)),
    target: command.targets ? `<= ${TARGET_RATIO}x, <= ${TARGET_MB} MB` : '',
    met: command.targets ? (ms / baseline <= TARGET_RATIO && mb <= TARGET_MB ? 'yes' : 'no') : '',
  }));
  console.log(`Start-up: median wall time of ${runs} runs taken in turns; CPU (median) and peak memory (max) of 3 more (${fs.existsSync(GNU_TIME) ? 'GNU time' : 'process.resourceUsage() in the child'}):`);
  console.table(rows);
}
