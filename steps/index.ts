import type { Step } from '../source/engine/step.js';
import { addNodesStep } from './add-nodes.js';
import { antPropertiesStep } from './ant-properties.js';
import { createDatabaseStep } from './create-database.js';
import { deployPmfStep } from './deploy-pmf.js';
import { installLibertyStep } from './install-liberty.js';
import { trustAndLtpaStep } from './trust-and-ltpa.js';
import { verifyFarmStep } from './verify-farm.js';

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
