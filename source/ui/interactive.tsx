import { UsageError } from '../engine/errors.js';
import type { InteractiveOptions } from './interactive-options.js';

export async function runInteractive(_options: InteractiveOptions): Promise<number> {
  throw new UsageError('The interactive form is not built yet', 'Pass --answers FILE for an unattended run.');
}
