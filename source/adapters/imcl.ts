import { StepFailure } from '../engine/errors.js';
import { displayCommand, tailOf } from './process.js';
import type { Runner } from '../engine/runner.js';

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

/** The fix for a failed `imcl install`, read from what it printed. */
export function imclFix(output: string, request: ImclInstall): string {
  if (/acceptLicense|licen[cs]e/i.test(output))
    return 'Read the license in the repository (lafiles/), then set liberty.acceptLicense to true.';
  if (/package|offering/i.test(output) && /not found|cannot find|no .* found/i.test(output))
    return `Check liberty.packageId: \`${request.imclPath} listAvailablePackages -repositories ${request.repositoryDir}\` lists what the repository offers.`;
  if (/repositor/i.test(output) && /connect|not found|no repository|cannot/i.test(output))
    return `Set liberty.repositoryDir to the directory where you extracted the Liberty installer: it holds repository.config (now: ${request.repositoryDir}).`;
  if (/not writable|permission|access is denied|read-only/i.test(output))
    return `Choose a liberty.installDir this user can write to, or run as a user who can write ${request.installDir}.`;
  if (/already installed/i.test(output))
    return `${request.installDir} already holds this package: remove it with \`imcl uninstall\` or choose another liberty.installDir.`;
  if (/not empty|exists/i.test(output))
    return `${request.installDir} is not empty: choose an empty or new liberty.installDir.`;
  return 'Read the output above; `imcl` also writes a log under the Installation Manager data directory.';
}

/** Installs the Liberty package with Installation Manager; the license was accepted before. */
export async function imclInstall(runner: Runner, request: ImclInstall): Promise<string> {
  const spec = { command: request.imclPath, args: imclInstallArgs(request), timeoutMs: 30 * 60_000 };
  const result = await runner.run(spec);
  if (result.exitCode !== 0 || /^ERROR/m.test(result.output)) {
    throw new StepFailure(`imcl install ${request.packageId} failed (exit ${result.exitCode})`, imclFix(result.output, request), {
      command: displayCommand(spec),
      outputTail: tailOf(result.output),
    });
  }
  return result.output.split('\n').find((line) => line.startsWith('Installed ')) ?? result.output.trim();
}
