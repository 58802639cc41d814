import { lazyStep } from '../source/engine/lazy-step.js';
import type { Step } from '../source/engine/step.js';
import { addNodesDeclaration } from './add-nodes/declaration.js';
import { antPropertiesDeclaration } from './ant-properties/declaration.js';
import { createDatabaseDeclaration } from './create-database/declaration.js';
import { deployPmfDeclaration } from './deploy-pmf/declaration.js';
import { installLibertyDeclaration } from './install-liberty/declaration.js';
import { trustAndLtpaDeclaration } from './trust-and-ltpa/declaration.js';
import { verifyFarmDeclaration } from './verify-farm/declaration.js';

const work = () => import('./work.js');

/**
 * The steps in the order they run. Their work (each index.ts: the adapters, the run code) is
 * imported when a step first needs it, so `validate` and `schema` load only the questions.
 */
export const steps: Step[] = [
  lazyStep(installLibertyDeclaration, async () => (await work()).installLibertyStep),
  lazyStep(createDatabaseDeclaration, async () => (await work()).createDatabaseStep),
  lazyStep(antPropertiesDeclaration, async () => (await work()).antPropertiesStep),
  lazyStep(deployPmfDeclaration, async () => (await work()).deployPmfStep),
  lazyStep(addNodesDeclaration, async () => (await work()).addNodesStep),
  lazyStep(trustAndLtpaDeclaration, async () => (await work()).trustAndLtpaStep),
  lazyStep(verifyFarmDeclaration, async () => (await work()).verifyFarmStep),
];
