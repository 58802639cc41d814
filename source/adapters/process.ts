import { StepFailure } from '../engine/errors.js';
import type { CommandResult, CommandSpec, Runner, RunnerOptions } from '../engine/runner.js';

/** How a command is shown to a person and in the log. */
export function displayCommand(spec: Pick<CommandSpec, 'command' | 'args'>): string {
  return [spec.command, ...spec.args].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function tailOf(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function notRunnable(spec: CommandSpec, code: string, shown: string): StepFailure {
  return new StepFailure(
    `Cannot run ${spec.command}: ${code === 'ENOENT' ? 'no such file' : 'permission denied'}`,
    `Check the path ${spec.command} in your answers, and that it is executable.`,
    { command: shown },
  );
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
        if (result.isCanceled) throw new StepFailure(`${shown} was stopped`, 'Run again with --resume.', { command: shown });
        const reason = result.timedOut ? `did not finish within ${spec.timeoutMs} ms` : result.originalMessage ?? result.message;
        throw new StepFailure(`${shown}: ${reason}`, 'Check that the command exists and can run.', { command: shown });
      }
      this.options.log.write(`  (exit ${result.exitCode})`);
      const redact = (s: unknown) => this.options.redactor.redact(typeof s === 'string' ? s : '');
      return { exitCode: result.exitCode ?? 1, output: redact(result.all), stdout: redact(result.stdout), stderr: redact(result.stderr) };
    } catch (error) {
      if (error instanceof StepFailure) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') throw notRunnable(spec, code, shown);
      throw error;
    }
  }

  /** Runs a command and turns a non-zero exit into a StepFailure with the output tail and the fix. */
  async mustSucceed(spec: CommandSpec, what: string, fixFor: (result: CommandResult) => string): Promise<CommandResult> {
    const result = await this.run(spec);
    if (result.exitCode !== 0) {
      throw new StepFailure(`${what} failed (exit ${result.exitCode})`, fixFor(result), {
        command: this.options.redactor.redact(displayCommand(spec)),
        outputTail: tailOf(result.output),
      });
    }
    return result;
  }
}
