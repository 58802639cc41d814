// `npm run bench`: first the start-up of the light commands (scripts/bench-startup.mjs), then
// whole unattended single-node runs on real Liberty, then farms side by side with the tutorial
// run as a script (scripts/bench-farm.mjs), median of a few repetitions, printed as tables.
// Measured here, never asserted in tests.
//   --startup-only      only the start-up section (needs only a build)
//   BENCH_REPETITIONS   runs per scenario (default 3)
//   BENCH_FARM_SIZES    farm sizes built on a private real MariaDB (default "2,4"; "" for none)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchStartup } from './bench-startup.mjs';

benchStartup();
if (process.argv.includes('--startup-only')) process.exit(0);

// Imported only now: they are what whole runs need (MariaDB, the stand-ins), not start-up.
const { startMariaDb, stopServers } = await import('./local-services.mjs');
const { cli, standInAnswers } = await import('./stand-in-answers.mjs');
const { benchFarms } = await import('./bench-farm.mjs');

const repetitions = Number(process.env.BENCH_REPETITIONS ?? 3);
const farmSizes = (process.env.BENCH_FARM_SIZES ?? '2,4').split(',').filter(Boolean).map(Number);

const scenarios = [
  { name: 'single node, Derby: from nothing', nodes: 1, rerun: false },
  { name: 'single node, Derby: second run (nothing to do)', nodes: 1, rerun: true },
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const maria = farmSizes.length ? await startMariaDb() : undefined;
/** What the checkpoint says about one run: each step's own time, and the restarts of step 6. */
function stepFigures(state) {
  const { steps } = JSON.parse(fs.readFileSync(path.join(state, 'checkpoint.json'), 'utf8'));
  return { durations: Object.fromEntries(Object.entries(steps).map(([id, step]) => [id, step.durationMs ?? 0])), restarts: steps['trust-and-ltpa']?.outputs?.restarts };
}

const rows = [];
const stepRows = [];
try {
  for (const scenario of scenarios) {
    const times = [];
    const figures = [];
    for (let i = 0; i < repetitions; i++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-wizard-bench-'));
      const run = await standInAnswers(dir, { nodes: scenario.nodes });
      const env = run.env;
      const once = () => {
        const started = process.hrtime.bigint();
        const result = spawnSync('node', [cli, '--answers', run.file, '--state', run.state], { encoding: 'utf8', env });
        if (result.status !== 0) throw new Error(`${scenario.name}: exit ${result.status}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      try {
        const first = once();
        if (!scenario.rerun) figures.push(stepFigures(run.state));
        times.push(scenario.rerun ? once() : first);
      } finally {
        stopServers(run.server, run.answers.nodes.map((node) => node.name), run.env);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    const restarts = figures.map((f) => f.restarts).filter((r) => r !== undefined);
    rows.push({
      scenario: scenario.name,
      runs: repetitions,
      'median ms': Math.round(median(times)),
      'min ms': Math.round(Math.min(...times)),
      'max ms': Math.round(Math.max(...times)),
      ...(restarts.length ? { restarts: [...new Set(restarts)].join('/') } : {}),
    });
    if (figures.length) {
      const ids = Object.keys(figures[0].durations);
      stepRows.push({ scenario: scenario.name, ...Object.fromEntries(ids.map((id) => [id, Math.round(median(figures.map((f) => f.durations[id] ?? 0)))])) });
    }
  }
  console.log('Single node on real Liberty (ms):');
  console.table(rows);
  console.log('Median time of each step (ms), from the checkpoint:');
  console.table(stepRows);
  if (farmSizes.length) await benchFarms({ sizes: farmSizes, repetitions, maria });
} finally {
  await maria?.stop();
}
