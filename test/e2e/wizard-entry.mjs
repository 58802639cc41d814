// Test-only entry: `node test/e2e/wizard-entry.mjs ARGS` behaves as `node dist/cli.js ARGS` with
// steps 1 to 4. While steps/index.ts does not list create-database, ant-properties and
// deploy-pmf yet, they are appended here in the order the design gives; once it lists them,
// its list is used as is, so this entry is then exactly the CLI.
import { runCommand } from '../../dist/source/commands/run.js';
import { reportError } from '../../dist/source/commands/output.js';
import { steps as wired } from '../../dist/steps/index.js';
import { createDatabaseStep } from '../../dist/steps/create-database.js';
import { antPropertiesStep } from '../../dist/steps/ant-properties.js';
import { deployPmfStep } from '../../dist/steps/deploy-pmf.js';
import { parseArgs } from 'node:util';

const steps = [...wired];
for (const step of [createDatabaseStep, antPropertiesStep, deployPmfStep]) {
  if (!steps.some((s) => s.id === step.id)) steps.push(step);
}

const { values } = parseArgs({
  args: process.argv.slice(2),
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
  process.exitCode = await runCommand(
    { answers: values.answers, resume: values.resume, dryRun: values['dry-run'], state: values.state, json: values.json, yes: values.yes },
    steps,
    io,
    controller.signal,
  );
} catch (error) {
  process.exitCode = reportError(error, io, values.json);
}
