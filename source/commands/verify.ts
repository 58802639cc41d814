import path from 'node:path';
import { loadCheckpoint } from '../engine/checkpoint.js';
import { UsageError } from '../engine/errors.js';
import type { Io } from './output.js';

/**
 * `pmf-wizard verify`: the farm verification alone. The verification step arrives with the
 * farm steps; until then there is nothing to verify and the command says so (exit 2).
 */
export async function verifyCommand(flags: { state: string; json: boolean }, io: Io): Promise<number> {
  const stateDir = path.resolve(io.cwd, flags.state);
  const checkpoint = loadCheckpoint(stateDir);
  if (!checkpoint) {
    throw new UsageError(`Nothing to verify: no farm was built from ${stateDir} (no checkpoint.json)`, 'Run pmf-wizard first, or pass the --state directory of the run that built the farm.');
  }
  throw new UsageError('Nothing to verify yet: this version of pmf-wizard builds the first server only; the farm steps come next', 'Run pmf-wizard to build what exists so far.');
}
