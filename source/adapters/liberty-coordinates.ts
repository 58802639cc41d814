/**
 * The Liberty runtime the wizard installs by default with `installMethod: "maven"`: the one the
 * tests pin (scripts/liberty-runtime.mjs holds the same coordinates, a test keeps them equal).
 */
export const PINNED_LIBERTY = { groupId: 'io.openliberty', artifactId: 'openliberty-webProfile8', version: '26.0.0.3' } as const;
export const DEFAULT_LIBERTY_ARTIFACT = `${PINNED_LIBERTY.groupId}:${PINNED_LIBERTY.artifactId}`;
