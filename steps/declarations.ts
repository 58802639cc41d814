import type { StepDeclaration } from '../source/engine/lazy-step.js';
import { addNodesDeclaration } from './add-nodes/declaration.js';
import { antPropertiesDeclaration } from './ant-properties/declaration.js';
import { createDatabaseDeclaration } from './create-database/declaration.js';
import { deployPmfDeclaration } from './deploy-pmf/declaration.js';
import { installLibertyDeclaration } from './install-liberty/declaration.js';
import { trustAndLtpaDeclaration } from './trust-and-ltpa/declaration.js';
import { verifyFarmDeclaration } from './verify-farm/declaration.js';

/**
 * The steps' declarations in the order of steps/index.ts (test/steps/index.test.ts holds the two
 * together): all that `validate` and `schema` load. Apart from index.ts because that one imports
 * every step's work (lazily), and the bundle of validate and schema (scripts/build.mjs) is to hold
 * none of it.
 */
export const declarations: StepDeclaration[] = [
  installLibertyDeclaration,
  createDatabaseDeclaration,
  antPropertiesDeclaration,
  deployPmfDeclaration,
  addNodesDeclaration,
  trustAndLtpaDeclaration,
  verifyFarmDeclaration,
];
