// Starts the interactive wizard exactly as `pmf-wizard --state DIR` does on a terminal, but
// without the CLI's up-front check of the answers: that check refuses a default that does not
// exist on this machine (liberty.imclPath), which the wizard would ask about anyway.
import { runInteractive } from '../../dist/source/ui/interactive.js';
import { steps } from '../../dist/steps/index.js';

const stateDir = process.argv[2];
const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
process.on('SIGTERM', () => controller.abort());
const resumeCommand = `pmf-wizard --state ${stateDir} --resume`;
const flags = { resume: false, dryRun: false, state: stateDir, json: false, yes: false };
process.exitCode = await runInteractive({ steps, raw: {}, baseDir: process.cwd(), stateDir, flags, env: process.env, resumeCommand, signal: controller.signal });
