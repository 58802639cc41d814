import type { Step } from '../source/engine/step.js';
import { addNodesStep } from './add-nodes/index.js';
import { antPropertiesStep } from './ant-properties/index.js';
import { createDatabaseStep } from './create-database/index.js';
import { deployPmfStep } from './deploy-pmf/index.js';
import { installLibertyStep } from './install-liberty/index.js';
import { trustAndLtpaStep } from './trust-and-ltpa/index.js';
import { verifyFarmStep } from './verify-farm/index.js';

/** The steps in the order they run. */
export const steps: Step[] = [
  installLibertyStep,
  createDatabaseStep,
  antPropertiesStep,
  deployPmfStep,
  addNodesStep,
  trustAndLtpaStep,
  verifyFarmStep,
];
