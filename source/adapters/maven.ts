import fs from 'node:fs';
import path from 'node:path';
import { ExternalError } from '../engine/errors.js';
import { displayCommand, tailOf } from './process.js';
import { withSystemCause } from './system-failure.js';
import type { CommandSpec, Runner } from '../engine/runner.js';

// In a module of their own: the questions (and so `validate`) need them, not the process runner.
import { DEFAULT_LIBERTY_ARTIFACT, PINNED_LIBERTY } from './liberty-coordinates.js';

export { DEFAULT_LIBERTY_ARTIFACT, PINNED_LIBERTY };

export interface MavenArtifact {
  /** groupId:artifactId */
  artifact: string;
  version: string;
}

export function coordinatesOf(request: MavenArtifact): string {
  return `${request.artifact}:${request.version}:zip`;
}

export function downloadDir(installDir: string): string {
  return `${installDir}.pmf-wizard-download`;
}

/** The file `dependency:copy` writes: <artifactId>-<version>.zip. */
export function downloadedFile(request: MavenArtifact, into: string): string {
  const artifactId = request.artifact.split(':')[1] ?? request.artifact;
  return path.join(into, `${artifactId}-${request.version}.zip`);
}

/** The machine's own mvn, so the user's settings.xml, mirrors and proxies apply. */
export function mavenCopyCommand(request: MavenArtifact, into: string): CommandSpec {
  return {
    command: 'mvn',
    args: ['-q', '-B', 'dependency:copy', `-Dartifact=${coordinatesOf(request)}`, `-DoutputDirectory=${into}`, '-Dmdep.overWriteReleases=true'],
    cwd: into,
    timeoutMs: 30 * 60_000,
  };
}

export type MavenFailure = 'no-mvn' | 'artifact-not-found' | 'unreachable-repository' | 'download-failed';

function mavenFailureKind(output: string): MavenFailure {
  if (/Could not (find|resolve) artifact|Unable to find\/resolve artifact|was not found in/i.test(output)) return 'artifact-not-found';
  if (/Could not transfer|Unknown host|Connection (refused|timed out)|Network is unreachable|offline/i.test(output)) return 'unreachable-repository';
  return 'download-failed';
}

/** The fix for a failed `mvn dependency:copy`, read from what it printed. */
export function mavenFix(output: string, request: MavenArtifact): string {
  const coordinates = coordinatesOf(request);
  switch (mavenFailureKind(output)) {
    case 'artifact-not-found':
      return `Maven cannot find ${coordinates}: check the artifact and version (e.g. ${DEFAULT_LIBERTY_ARTIFACT}:${PINNED_LIBERTY.version}; your repository's maven-metadata.xml for ${request.artifact} lists the versions), or your mirror in ~/.m2/settings.xml.`;
    case 'unreachable-repository':
      return 'Maven cannot reach its repository: check the network, the proxy and the mirror in ~/.m2/settings.xml.';
    default:
      return `Read the output above; \`${displayCommand(mavenCopyCommand(request, '<dir>'))}\` should download ${coordinates}.`;
  }
}

/** Downloads the Liberty zip with mvn into `into`; returns the file. */
export async function downloadLiberty(runner: Runner, request: MavenArtifact, into: string): Promise<string> {
  fs.rmSync(into, { recursive: true, force: true });
  fs.mkdirSync(into, { recursive: true });
  const spec = mavenCopyCommand(request, into);
  const command = displayCommand(spec);
  let result;
  try {
    result = await runner.run(spec);
  } catch (error) {
    if (!(error instanceof ExternalError) || error.kind !== 'not-runnable') throw error;
    throw new ExternalError<MavenFailure>('no-mvn', 'Maven (mvn) is not installed: it downloads Liberty for the maven route', {
      command,
      fix: 'Install Maven (Debian/Ubuntu: `apt-get install maven`).',
    });
  }
  const file = downloadedFile(request, into);
  if (result.exitCode !== 0 || !fs.existsSync(file)) {
    const failure = new ExternalError(mavenFailureKind(result.output), `Downloading ${coordinatesOf(request)} with Maven failed (exit ${result.exitCode})`, {
      command,
      outputTail: tailOf(result.output),
      fix: mavenFix(result.output, request),
    });
    throw withSystemCause(failure, result.output);
  }
  return file;
}
