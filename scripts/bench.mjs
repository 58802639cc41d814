// `npm run bench`: wall time of whole unattended runs against the stand-ins, median of a few
// repetitions, printed as a table. Measured here, never asserted in tests.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, standInAnswers, stopServers } from './stand-in-answers.mjs';

const repetitions = Number(process.env.BENCH_REPETITIONS ?? 3);
const scenarios = [
  { name: 'single node, Derby: from nothing', nodes: 1, rerun: false },
  { name: 'single node, Derby: second run (nothing to do)', nodes: 1, rerun: true },
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const rows = [];
for (const scenario of scenarios) {
  const times = [];
  for (let i = 0; i < repetitions; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-wizard-bench-'));
    const run = await standInAnswers(dir, { nodes: scenario.nodes });
    const once = () => {
      const started = process.hrtime.bigint();
      const result = spawnSync('node', [cli, '--answers', run.file, '--state', run.state], { encoding: 'utf8', env: run.env });
      if (result.status !== 0) throw new Error(`${scenario.name}: exit ${result.status}\n${result.stdout}\n${result.stderr}`);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const first = once();
    times.push(scenario.rerun ? once() : first);
    stopServers(run, spawnSync);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  rows.push({ scenario: scenario.name, runs: repetitions, 'median ms': Math.round(median(times)), 'min ms': Math.round(Math.min(...times)), 'max ms': Math.round(Math.max(...times)) });
}
console.table(rows);
