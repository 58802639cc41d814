import type { StepDeclaration } from '../../source/engine/lazy-step.js';
import { installLibertyQuestions } from './questions.js';

/** The step as validate, schema and the form see it; its work (index.ts) is imported when it first runs (steps/index.ts). */
export const installLibertyDeclaration: StepDeclaration = {
  id: 'install-liberty',
  title: 'Install Liberty and create the first server',
  questions: installLibertyQuestions,
};
