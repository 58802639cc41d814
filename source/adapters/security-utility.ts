/**
 * `securityUtility encode --encoding=aes` of the Liberty in use, without the secret on argv.
 *
 * Given no text, securityUtility prompts "Enter text:" and "Re-enter text:" on the console
 * (System.console()); with stdin a pipe it answers "Input console is not available" and fails
 * (measured on Open Liberty 26.0.0.3). So it runs under `script` (util-linux 2.35 or later),
 * which gives it a terminal and passes our stdin on to it, with `--echo never`: otherwise the
 * terminal echoes the text back into the output when it arrives before the prompt turns echo
 * off (`stty -echo` in the command comes too late as often as not). The key comes from a file
 * (--aesConfigFile), not from argv either.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Runner } from '../engine/runner.js';
import { findCommand } from './which.js';

export function securityUtilityPath(libertyInstallDir: string): string {
  return path.join(libertyInstallDir, 'bin', 'securityUtility');
}

export type AesEncoding = { value: string } | { reason: string };

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * The {aes} encoding of `plain` with the key of `keyFile` (an XML or properties file declaring
 * wlp.password.encryption.key), or the reason it cannot be had from this Liberty.
 */
export async function encodeAes(runner: Runner, libertyInstallDir: string, keyFile: string, plain: string): Promise<AesEncoding> {
  const tool = securityUtilityPath(libertyInstallDir);
  if (!fs.existsSync(tool)) return { reason: `${tool} does not exist in this Liberty` };
  // A prompt reads one line, and securityUtility trims what it reads.
  if (/[\r\n]/.test(plain) || plain.trim() !== plain) return { reason: 'the password has a line break or surrounding spaces, which securityUtility’s prompt cannot take' };
  const script = findCommand('script');
  if (!script) return { reason: 'the `script` command (util-linux), which gives securityUtility the terminal its prompt needs, is not installed' };
  const inner = `exec ${shellQuote(tool)} encode --encoding=aes --aesConfigFile=${shellQuote(keyFile)}`;
  const spec = { command: script, args: ['--quiet', '--echo', 'never', '--return', '--command', inner, '/dev/null'], env: { SHELL: '/bin/sh' }, input: `${plain}\n${plain}\n`, timeoutMs: 120_000 };
  const result = await runner.run(spec);
  const value = /\{aes\}[A-Za-z0-9+/=]+/.exec(result.stdout)?.[0];
  if (result.exitCode === 0 && value) return { value };
  const last = result.output.split(/\r?\n/).map((line) => line.trim()).filter((line) => /error|unknown|invalid/i.test(line)).pop();
  return { reason: `\`${spec.command} ${spec.args.join(' ')}\` failed (exit ${result.exitCode}${last ? `: ${last}` : ''})` };
}
