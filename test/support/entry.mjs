// Test-only entry: `node test/support/entry.mjs STEP_IDS ARGS...` is `pmf-wizard ARGS...` with
// only the listed steps (comma-separated ids, in the product's order), so a test can exercise
// one part of the wizard through the real CLI without running the whole farm.
import { start } from '../../dist/source/cli.js';
import { steps } from '../../dist/steps/index.js';

const ids = process.argv[2].split(',');
const unknown = ids.filter((id) => !steps.some((step) => step.id === id));
if (unknown.length) {
  process.stderr.write(`entry.mjs: unknown step ids: ${unknown.join(', ')}\n`);
  process.exit(2);
}
process.argv.splice(2, 1);
start(steps.filter((step) => ids.includes(step.id)));
