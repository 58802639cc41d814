import { ExternalError } from '../engine/errors.js';
import type { CommandResult, CommandSpec, Runner, RunnerOptions } from '../engine/runner.js';

/** How a command is shown to a person and in the log. */
export function displayCommand(spec: Pick<CommandSpec, 'command' | 'args'>): string {
  return [spec.command, ...spec.args].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function tailOf(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** What can go wrong with a command before it gives an exit code, and a non-zero exit where one must not be. */
export type CommandFailure = 'not-runnable' | 'cancelled' | 'timed-out' | 'did-not-run' | 'failed';

function notRunnable(spec: CommandSpec, code: string, shown: string): ExternalError<CommandFailure> {
  return new ExternalError<CommandFailure>('not-runnable', `Cannot run ${spec.command}: ${code === 'ENOENT' ? 'no such file' : 'permission denied'}`, {
    command: shown,
    fix: `Check that ${spec.command} exists and is executable: install it, or correct the path that names it.`,
  });
}

/** A command that ended without an exit code. Being stopped is the run's interruption, which the machine reports itself. */
function noExit(result: { isCanceled: boolean; timedOut: boolean; originalMessage?: string; message?: string }, spec: CommandSpec, shown: string): ExternalError<CommandFailure> {
  if (result.isCanceled) return new ExternalError<CommandFailure>('cancelled', `${shown} was stopped`, { command: shown, fix: 'It was stopped on request; run it again to let it finish.' });
  const reason = result.timedOut ? `did not finish within ${spec.timeoutMs} ms` : result.originalMessage ?? result.message;
  return new ExternalError<CommandFailure>(result.timedOut ? 'timed-out' : 'did-not-run', `${shown}: ${reason}`, { command: shown, fix: 'Check that the command exists and can run.' });
}

/**
 * The one way to run a command: an argv array, no shell, output streamed line by line
 * to the log and to whoever listens, secrets redacted, stopped when the run is cancelled.
 * A non-zero exit is a result, not an exception: the caller decides what it means.
 */
export class CommandRunner implements Runner {
  constructor(private readonly options: RunnerOptions) {}

  async run(spec: CommandSpec): Promise<CommandResult> {
    const shown = this.options.redactor.redact(displayCommand(spec));
    // Any user can read a process's argv (ps, /proc): a secret there is a leak, so refuse.
    if (shown !== displayCommand(spec)) throw new Error(`BUG: a secret would be on the command line of ${shown}`);
    this.options.log.write(`$ ${shown}`);
    const onLine = (line: string) => {
      const clean = this.options.redactor.redact(line);
      this.options.log.write(`  ${clean}`);
      this.options.onLine?.(clean);
    };
    // execa is imported on the first command, not at start-up: validate and schema run none.
    const { execa } = await import('execa');
    try {
      const child = execa(spec.command, spec.args, {
        cwd: spec.cwd,
        env: spec.env,
        extendEnv: true,
        input: spec.input ?? '',
        reject: false,
        all: true,
        stripFinalNewline: false,
        timeout: spec.timeoutMs,
        cancelSignal: this.options.signal,
        forceKillAfterDelay: 3000,
      });
      let pending = '';
      child.all?.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
      const result = await child;
      if (pending) onLine(pending);
      if (result.failed && result.exitCode === undefined) {
        const code = (result as { code?: string }).code;
        if (code === 'ENOENT' || code === 'EACCES') throw notRunnable(spec, code, shown);
        throw noExit(result, spec, shown);
      }
      this.options.log.write(`  (exit ${result.exitCode})`);
      const redact = (s: unknown) => this.options.redactor.redact(typeof s === 'string' ? s : '');
      return { exitCode: result.exitCode ?? 1, output: redact(result.all), stdout: redact(result.stdout), stderr: redact(result.stderr) };
    } catch (error) {
      if (error instanceof ExternalError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') throw notRunnable(spec, code, shown);
      throw error;
    }
  }

  /** Runs a command and turns a non-zero exit into an error with the output tail and the fix. */
  async mustSucceed(spec: CommandSpec, what: string, fixFor: (result: CommandResult) => string): Promise<CommandResult> {
    const result = await this.run(spec);
    if (result.exitCode !== 0) {
      throw new ExternalError<CommandFailure>('failed', `${what} failed (exit ${result.exitCode})`, {
        command: this.options.redactor.redact(displayCommand(spec)),
        outputTail: tailOf(result.output),
        fix: fixFor(result),
      });
    }
    return result;
  }
}
