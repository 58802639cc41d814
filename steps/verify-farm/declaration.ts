import type { StepDeclaration } from '../../source/engine/lazy-step.js';
import { isFarm } from '../../source/farm/answers.js';

/** The step as validate, schema and the form see it; its work (index.ts) is imported when it first runs (steps/index.ts). */
export const verifyFarmDeclaration: StepDeclaration = {
  id: 'verify-farm',
  title: 'Verify the farm',
  questions: [],
  applies: isFarm,
};
