import { ExternalError } from '../engine/errors.js';
import { RunLog } from '../engine/log.js';
import { Redactor } from '../engine/redact.js';
import type { ChildRecord, CommandResult, CommandSpec, Runner, RunnerOptions } from '../engine/runner.js';
import { processStartTime, stopProcess } from './process-table.js';
import { withSystemCause } from './system-failure.js';

/** One word as a POSIX shell reads it back: unchanged when safe, else single-quoted. */
export function shellWord(part: string): string {
  return /^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`;
}

/** How a command is shown to a person and in the log. */
export function displayCommand(spec: Pick<CommandSpec, 'command' | 'args'>): string {
  return [spec.command, ...spec.args].map(shellWord).join(' ');
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
  if (result.timedOut) {
    const seconds = Math.round((spec.timeoutMs ?? 0) / 1000);
    return new ExternalError<CommandFailure>('timed-out', `${shown}: did not finish within ${seconds} s and was stopped`, {
      command: shown,
      fix: `It was stopped after ${seconds} s. The machine may be too busy (see uptime and free -m), or the command waits on something its log names; run again when the cause is gone.`,
    });
  }
  return new ExternalError<CommandFailure>('did-not-run', `${shown}: ${result.originalMessage ?? result.message}`, { command: shown, fix: 'Check that the command exists and can run.' });
}

/**
 * A child's environment: the wizard's, less every variable holding a secret of the answers
 * ({"env": NAME}), plus what the command itself is given. A secret reaches only the command
 * that needs it: through spec.env, stdin or a 0600 file.
 */
export function childEnvironment(redactor: Redactor, env: CommandSpec['env'], base: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const kept = Object.fromEntries(Object.entries(base).filter(([, value]) => !redactor.isSecret(value)));
  return { ...kept, ...env };
}

/**
 * How long a cancelled or timed-out command's process group gets to end on TERM before KILL:
 * a Liberty JVM that `server start` launched stops through its shutdown hooks.
 */
const STOP_GRACE_MS = 15_000;

/**
 * The one way to run a command: an argv array, no shell, output streamed line by line
 * to the log and to whoever listens, secrets redacted, stopped when the run is cancelled.
 * A non-zero exit is a result, not an exception: the caller decides what it means.
 * Each command runs in a process group of its own, recorded in the run's lock while it runs:
 * a cancel stops the whole group (the JVM a script started too), and a run taking over after
 * a crash stops what is left of it.
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
        env: childEnvironment(this.options.redactor, spec.env),
        extendEnv: false,
        detached: true,
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
      const result = await this.supervised(child, shown, spec.timeoutMs);
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

  /**
   * Waits for a child while it is recorded in the lock; on a cancel or a timeout its whole
   * process group is stopped, and waited for, before the result is given.
   */
  private async supervised<T>(child: Promise<T> & { pid?: number }, shown: string, timeoutMs: number | undefined): Promise<T> {
    const startTime = child.pid === undefined ? undefined : processStartTime(child.pid);
    if (child.pid === undefined || startTime === undefined) return child;
    const record: ChildRecord = { pid: child.pid, startTime, group: true, command: shown.slice(0, 200) };
    const { signal, children } = this.options;
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= stopProcess(record, STOP_GRACE_MS);
    };
    children?.started(record);
    signal?.addEventListener('abort', stop);
    if (signal?.aborted) stop();
    // execa's timeout kills the command alone; what it started would hold its output open.
    const timer = timeoutMs === undefined ? undefined : setTimeout(stop, timeoutMs);
    try {
      return await child;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      await stopping;
      children?.ended(record.pid);
    }
  }

  /**
   * Runs a command and turns a non-zero exit into an error with the output tail and the fix; a
   * full disk, a read-only file system or a missing permission in its output is the headline.
   */
  async mustSucceed(spec: CommandSpec, what: string, fixFor: (result: CommandResult) => string): Promise<CommandResult> {
    const result = await this.run(spec);
    if (result.exitCode !== 0) {
      const failure = new ExternalError<CommandFailure>('failed', `${what} failed (exit ${result.exitCode})`, {
        command: this.options.redactor.redact(displayCommand(spec)),
        outputTail: tailOf(result.output),
        fix: fixFor(result),
      });
      throw withSystemCause(failure, result.output, spec.cwd);
    }
    return result;
  }
}

/**
 * A runner for a quick check outside a run (a question's check): no log file, no lock to record
 * children in; its commands carry no secret.
 */
export function checkRunner(): CommandRunner {
  const redactor = new Redactor();
  return new CommandRunner({ log: new RunLog(redactor), redactor });
}
