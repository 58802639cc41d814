// Test-only entry for the farm: `node test/e2e/farm-entry.mjs ARGS` behaves as `node dist/cli.js ARGS`
// with steps 1 to 7, and `node test/e2e/farm-entry.mjs verify ARGS` as `pmf-wizard verify`.
// Steps that steps/index.ts does not list yet are appended in the design's order; once it lists
// them all, its list is used as is.
import { parseArgs } from 'node:util';
import { reportError } from '../../dist/source/commands/output.js';
import { runCommand } from '../../dist/source/commands/run.js';
import { verifyCommand } from '../../dist/source/commands/verify.js';
import { addNodesStep } from '../../dist/steps/add-nodes.js';
import { antPropertiesStep } from '../../dist/steps/ant-properties.js';
import { createDatabaseStep } from '../../dist/steps/create-database.js';
import { deployPmfStep } from '../../dist/steps/deploy-pmf.js';
import { steps as wired } from '../../dist/steps/index.js';
import { trustAndLtpaStep } from '../../dist/steps/trust-and-ltpa.js';
import { verifyFarmStep } from '../../dist/steps/verify-farm.js';

const steps = [...wired];
for (const step of [createDatabaseStep, antPropertiesStep, deployPmfStep, addNodesStep, trustAndLtpaStep, verifyFarmStep]) {
  if (!steps.some((s) => s.id === step.id)) steps.push(step);
}

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    answers: { type: 'string' },
    state: { type: 'string', default: '.pmf-wizard' },
    resume: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    yes: { type: 'boolean', default: false },
  },
});
const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
process.on('SIGTERM', () => controller.abort());
const io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  isTTY: false,
  env: process.env,
  cwd: process.cwd(),
};
try {
  if (positionals[0] === 'verify') {
    process.exitCode = await verifyCommand({ state: values.state, json: values.json, answers: values.answers }, io);
  } else {
    process.exitCode = await runCommand(
      { answers: values.answers, resume: values.resume, dryRun: values['dry-run'], state: values.state, json: values.json, yes: values.yes },
      steps,
      io,
      controller.signal,
    );
  }
} catch (error) {
  process.exitCode = reportError(error, io, values.json);
}
