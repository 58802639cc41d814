import type { StepDeclaration } from '../../source/engine/lazy-step.js';
import { isFarm } from '../../source/farm/answers.js';

/** The step as validate, schema and the form see it; its work (index.ts) is imported when it first runs (steps/index.ts). */
export const addNodesDeclaration: StepDeclaration = {
  id: 'add-nodes',
  title: 'Add the other farm nodes',
  questions: [],
  applies: isFarm,
};
