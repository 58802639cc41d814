/**
 * The real Liberty runtime the tests run on: the pinned archive in the cache, and the
 * Installation Manager repository that offers it to the imcl stand-in. The global set-up fetches
 * both once (scripts/liberty-runtime.mjs); a test only asks where they are.
 */
import { imRepositoryPath, libertyArchivePath } from '../../scripts/liberty-runtime.mjs';

export const libertyArchive: string = libertyArchivePath();
export const libertyImRepository: string = imRepositoryPath();
