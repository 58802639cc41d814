/**
 * Vitest global set-up of the integration lane: every end-to-end test runs on the real Liberty
 * runtime, fetched once here (scripts/liberty-runtime.mjs); without it they fail with this
 * sentence. The unit lane does not list it, so it runs with no Maven, Java or network.
 */
import { ensureImRepository, ensureLibertyArchive } from '../../scripts/liberty-runtime.mjs';

export default function setup(): void {
  try {
    ensureLibertyArchive();
    ensureImRepository();
  } catch (error) {
    throw new Error(`The tests need the real Liberty runtime and could not get it: ${(error as Error).message}`);
  }
}
