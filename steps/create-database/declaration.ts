import type { StepDeclaration } from '../../source/engine/lazy-step.js';
import { databaseQuestions, validateDatabase } from './questions.js';

/** The step as validate, schema and the form see it; its work (index.ts) is imported when it first runs (steps/index.ts). */
export const createDatabaseDeclaration: StepDeclaration = {
  id: 'create-database',
  title: 'Create the database',
  questions: databaseQuestions,
  validate: validateDatabase,
};
