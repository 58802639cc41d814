import type { Step } from '../source/engine/step.js';
import { installLibertyStep } from './install-liberty.js';

/** The steps in the order they run. */
export const steps: Step[] = [installLibertyStep];
