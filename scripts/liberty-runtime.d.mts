export declare const LIBERTY: { groupId: string; artifactId: string; version: string; sha256: string; offeringId: string; offeringVersion: string };
export declare function cacheDir(env?: NodeJS.ProcessEnv): string;
export declare function archiveFileName(): string;
export declare function libertyArchivePath(env?: NodeJS.ProcessEnv): string;
export declare function imRepositoryPath(env?: NodeJS.ProcessEnv): string;
export declare function ensureLibertyArchive(env?: NodeJS.ProcessEnv): string;
export declare function ensureImRepository(env?: NodeJS.ProcessEnv): string;
