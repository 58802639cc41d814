/**
 * Step 6: every member trusts every other member's HTTPS certificate, and all members share one
 * set of LTPA keys protected by one keysPassword (tutorial: "Enable the JMX communication" and the
 * LTPA copy; pmf.md section 8; liberty.md sections 5 and 6).
 *
 * analysis.ts reads what the files say and what must change; keystores.ts does the certificate
 * work, ltpa-keys.ts the LTPA keys, restarts.ts the stops and starts (each server restarts at most
 * once, whatever the number of changes); run.ts puts them in order, plan.ts says it for --dry-run.
 */
import type { Step } from '../../source/engine/step.js';
import { trustAndLtpaDeclaration } from './declaration.js';
import { analyse, complete, describe } from './analysis.js';
import { planActions } from './plan.js';
import { run } from './run.js';

export const trustAndLtpaStep: Step = {
  ...trustAndLtpaDeclaration,

  async isDone(ctx) {
    const analysis = await analyse(ctx, true);
    return { done: complete(analysis), detail: describe(analysis) };
  },

  plan: planActions,
  run,
};
