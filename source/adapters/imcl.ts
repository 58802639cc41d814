import { ExternalError } from '../engine/errors.js';
import { displayCommand, tailOf } from './process.js';
import { withSystemCause } from './system-failure.js';
import type { CommandSpec, Runner } from '../engine/runner.js';

export interface ImclInstall {
  imclPath: string;
  packageId: string;
  repositoryDir: string;
  installDir: string;
}

export function imclInstallArgs(request: ImclInstall): string[] {
  return [
    'install',
    request.packageId,
    '-repositories',
    request.repositoryDir,
    '-installationDirectory',
    request.installDir,
    '-acceptLicense',
    '-showProgress',
  ];
}

export type ImclFailure = 'license-not-accepted' | 'package-not-found' | 'not-a-repository' | 'not-writable' | 'already-installed' | 'not-empty' | 'imcl-failed';

/** What went wrong, read from what `imcl install` printed. */
function imclFailureKind(output: string): ImclFailure {
  if (/acceptLicense|licen[cs]e/i.test(output)) return 'license-not-accepted';
  if (/package|offering/i.test(output) && /not found|cannot find|no .* found/i.test(output)) return 'package-not-found';
  if (/repositor/i.test(output) && /connect|not found|no repository|cannot/i.test(output)) return 'not-a-repository';
  if (/not writable|permission|access is denied|read-only/i.test(output)) return 'not-writable';
  if (/already installed/i.test(output)) return 'already-installed';
  if (/not empty|exists/i.test(output)) return 'not-empty';
  return 'imcl-failed';
}

/** What to do about each kind, in terms of imcl and the directories it was given. */
const IMCL_FIXES: Record<ImclFailure, (request: ImclInstall) => string> = {
  'license-not-accepted': () => 'Read the license in the repository (lafiles/) and accept it (imcl install -acceptLicense).',
  'package-not-found': (request) => `\`${request.imclPath} listAvailablePackages -repositories ${request.repositoryDir}\` lists what the repository offers.`,
  'not-a-repository': (request) => `${request.repositoryDir} must be the directory where you extracted the Liberty installer: it holds repository.config.`,
  'not-writable': (request) => `Run as a user who can write ${request.installDir}, or install into a directory this user can write to.`,
  'already-installed': (request) => `${request.installDir} already holds this package: remove it with \`imcl uninstall\`, or install elsewhere.`,
  'not-empty': (request) => `${request.installDir} is not empty: install into an empty or new directory.`,
  'imcl-failed': () => 'Read the output above; `imcl` also writes a log under the Installation Manager data directory.',
};

/** The error of a failed `imcl install`, with its kind. */
export function imclFailure(request: ImclInstall, output: string, exitCode: number): ExternalError<ImclFailure> {
  const kind = imclFailureKind(output);
  const failure = new ExternalError(kind, `imcl install ${request.packageId} failed (exit ${exitCode})`, {
    command: displayCommand(imclSpec(request)),
    outputTail: tailOf(output),
    fix: IMCL_FIXES[kind](request),
  });
  return withSystemCause(failure, output);
}

function imclSpec(request: ImclInstall): CommandSpec {
  return { command: request.imclPath, args: imclInstallArgs(request), timeoutMs: 30 * 60_000 };
}

/** Installs the Liberty package with Installation Manager; the license was accepted before. */
export async function imclInstall(runner: Runner, request: ImclInstall): Promise<string> {
  const result = await runner.run(imclSpec(request));
  if (result.exitCode !== 0 || /^ERROR/m.test(result.output)) throw imclFailure(request, result.output, result.exitCode);
  return result.output.split('\n').find((line) => line.startsWith('Installed ')) ?? result.output.trim();
}

/**
 * `imcl version`: that the path is an Installation Manager that runs (a JVM starts), changing
 * nothing. Gives its first line; throws 'not-runnable' or 'timed-out' (the runner's), or
 * 'imcl-failed' with the output tail.
 */
export async function imclVersion(runner: Runner, imclPath: string, timeoutMs = 15_000): Promise<string> {
  const spec: CommandSpec = { command: imclPath, args: ['version'], timeoutMs };
  const result = await runner.run(spec);
  if (result.exitCode !== 0) {
    throw new ExternalError<ImclFailure>('imcl-failed', `${displayCommand(spec)} failed (exit ${result.exitCode})`, { command: displayCommand(spec), outputTail: tailOf(result.output, 3) });
  }
  return result.output.trim().split('\n')[0] ?? '';
}
