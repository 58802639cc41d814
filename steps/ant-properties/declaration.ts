import type { StepDeclaration } from '../../source/engine/lazy-step.js';
import { antPropertiesQuestions, validateAntProperties } from './questions.js';

/** The step as validate, schema and the form see it; its work (index.ts) is imported when it first runs (steps/index.ts). */
export const antPropertiesDeclaration: StepDeclaration = {
  id: 'ant-properties',
  title: 'Fill the PMF Ant properties',
  questions: antPropertiesQuestions,
  validate: validateAntProperties,
};
