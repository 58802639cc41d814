import fs from 'node:fs';
import path from 'node:path';
import { StepFailure } from '../engine/errors.js';
import { displayCommand, tailOf, type CommandRunner, type CommandSpec } from './process.js';

export function extractionDir(installDir: string): string {
  return `${installDir}.pmf-wizard-extract`;
}

export function extractCommand(archive: string, into: string): CommandSpec {
  return archive.endsWith('.jar')
    ? { command: 'java', args: ['-jar', archive, '--acceptLicense', into], timeoutMs: 30 * 60_000 }
    : { command: 'unzip', args: ['-q', '-o', archive, '-d', into], timeoutMs: 30 * 60_000 };
}

/**
 * Extracts a Liberty archive (wlp-*.zip, or the self-extracting wlp-*.jar) next to the
 * install dir, then renames its wlp/ into place: a crash leaves no half-installed Liberty.
 */
export async function extractLibertyArchive(runner: CommandRunner, archive: string, installDir: string): Promise<void> {
  if (fs.existsSync(installDir) && fs.readdirSync(installDir).length > 0) {
    throw new StepFailure(
      `${installDir} is not empty and holds no Liberty`,
      `Choose an empty or new liberty.installDir, or empty ${installDir}.`,
    );
  }
  const temp = extractionDir(installDir);
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  const spec = extractCommand(archive, temp);
  const result = await runner.run(spec);
  if (result.exitCode !== 0) {
    throw new StepFailure(`Extracting ${path.basename(archive)} failed (exit ${result.exitCode})`, `Check that ${archive} is a complete Liberty archive (download it again if it is truncated).`, {
      command: displayCommand(spec),
      outputTail: tailOf(result.output),
    });
  }
  const root = fs.existsSync(path.join(temp, 'wlp', 'bin', 'server')) ? path.join(temp, 'wlp') : temp;
  if (!fs.existsSync(path.join(root, 'bin', 'server'))) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw new StepFailure(`${archive} is not a Liberty archive: it has no wlp/bin/server`, 'Set liberty.archive to a WebSphere Liberty zip (wlp-*.zip) or installer jar.');
  }
  if (fs.existsSync(installDir)) fs.rmdirSync(installDir);
  fs.mkdirSync(path.dirname(installDir), { recursive: true });
  fs.renameSync(root, installDir);
  fs.rmSync(temp, { recursive: true, force: true });
}
