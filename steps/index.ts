import { lazyStep } from '../source/engine/lazy-step.js';
import type { Step } from '../source/engine/step.js';
import { addNodesDeclaration } from './add-nodes/declaration.js';
import { antPropertiesDeclaration } from './ant-properties/declaration.js';
import { createDatabaseDeclaration } from './create-database/declaration.js';
import { deployPmfDeclaration } from './deploy-pmf/declaration.js';
import { installLibertyDeclaration } from './install-liberty/declaration.js';
import { trustAndLtpaDeclaration } from './trust-and-ltpa/declaration.js';
import { verifyFarmDeclaration } from './verify-farm/declaration.js';

/**
 * The steps in the order they run. Each step's work (its index.ts: the adapters, the run code) is
 * imported when that step is first used, so `validate` and `schema` load only the questions and a
 * run only the work of the steps that apply to its answers.
 */
export const steps: Step[] = [
  lazyStep(installLibertyDeclaration, async () => (await import('./install-liberty/index.js')).installLibertyStep),
  lazyStep(createDatabaseDeclaration, async () => (await import('./create-database/index.js')).createDatabaseStep),
  lazyStep(antPropertiesDeclaration, async () => (await import('./ant-properties/index.js')).antPropertiesStep),
  lazyStep(deployPmfDeclaration, async () => (await import('./deploy-pmf/index.js')).deployPmfStep),
  lazyStep(addNodesDeclaration, async () => (await import('./add-nodes/index.js')).addNodesStep),
  lazyStep(trustAndLtpaDeclaration, async () => (await import('./trust-and-ltpa/index.js')).trustAndLtpaStep),
  lazyStep(verifyFarmDeclaration, async () => (await import('./verify-farm/index.js')).verifyFarmStep),
];
