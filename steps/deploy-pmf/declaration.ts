import type { StepDeclaration } from '../../source/engine/lazy-step.js';

/** The step as validate, schema and the form see it; its work (index.ts) is imported when it first runs (steps/index.ts). */
export const deployPmfDeclaration: StepDeclaration = {
  id: 'deploy-pmf',
  title: 'Deploy PMF with Ant and check the console',
  questions: [],
};
