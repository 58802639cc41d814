import type { FieldProblem } from '../engine/errors.js';
import type { EngineEvent, ErrorInfo } from '../engine/events.js';
import { formatTable } from '../engine/output-table.js';

/** Line output for unattended runs and for terminals without a TTY: no colour, no redraws. */

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

export function formatFailure(error: ErrorInfo): string[] {
  const lines = [`  error: ${error.message}`];
  if (error.command) lines.push(`  command: ${error.command}`);
  if (error.outputTail) lines.push('  output (last lines):', ...error.outputTail.split('\n').map((line) => `    ${line}`));
  lines.push(`  fix: ${error.fix}`);
  return lines;
}

/**
 * Where a problem is, as the person knows it: the question as asked, then the answers-file key
 * that automation edits; a problem of the whole file (path $) is named by its heading instead.
 */
function problemPlace(problem: FieldProblem): string | undefined {
  if (problem.question) return `${problem.question} (${problem.path})`;
  return problem.path === '$' || problem.path === '' ? undefined : problem.path;
}

export function formatProblems(problems: FieldProblem[]): string[] {
  return problems.map((p) => {
    const place = problemPlace(p);
    return `  ${place ? `${place}: ` : ''}${p.message}. ${p.fix}`;
  });
}

export interface PlainOptions {
  resumeCommand: string;
  /** Every command and every line of its output too (--verbose); else they are in the log file only. */
  verbose?: boolean;
  /** The width tables are folded to. */
  columns?: number;
}

/** The width of plain output: $COLUMNS when it is a sensible number, else 100 (a log or a pipe has no width of its own). */
export function plainColumns(env: NodeJS.ProcessEnv): number {
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 ? columns : 100;
}

export function plainReporter(write: (line: string) => void, options: PlainOptions): (event: EngineEvent) => void {
  let total = 0;
  let index = 0;
  let done = 0;
  let skipped = 0;
  const { verbose = false, columns = 100 } = options;
  return (event) => {
    switch (event.type) {
      case 'run-start':
        total = event.steps.length;
        write(`pmf-wizard: ${event.dryRun ? 'dry run, nothing will change' : event.resume ? 'resuming' : 'starting'}; ${total} step${total === 1 ? '' : 's'}${event.logFile ? `; log: ${event.logFile}` : ''}`);
        break;
      case 'notice':
        write(`notice: ${event.message}`);
        break;
      case 'warning':
        write(`warning: ${event.message}`);
        break;
      case 'step-skip':
        index += 1;
        skipped += 1;
        write(`[${index}/${total}] ${event.title}: already done (${event.reason})`);
        break;
      case 'step-start':
        index += 1;
        write(`[${index}/${total}] ${event.title}`);
        break;
      case 'step-progress':
        write(`  - ${event.message}`);
        break;
      case 'step-command':
        if (verbose) write(`    $ ${event.command}`);
        break;
      case 'step-output':
        if (verbose) write(`    | ${event.line}`);
        break;
      case 'step-table':
        for (const line of formatTable(event.table, { indent: '    ', ...event.layout, width: columns })) write(line);
        break;
      case 'step-plan':
        index += 1;
        if (event.done) {
          write(`[${index}/${total}] ${event.title}: already done, nothing to do (${event.reason})`);
          break;
        }
        write(`[${index}/${total}] ${event.title}: would do`);
        for (const action of event.actions) {
          write(`  - ${action.summary}`);
          if (action.command) write(`      $ ${action.command.join(' ')}`);
          if (action.file) write(`      file: ${action.file}`);
          if (action.detail) write(...[action.detail.split('\n').map((line) => `      ${line}`).join('\n')]);
        }
        break;
      case 'step-done':
        done += 1;
        write(`  done in ${seconds(event.durationMs)}`);
        break;
      case 'step-failed':
        write(`[${index}/${total}] ${event.title}: FAILED after ${seconds(event.durationMs)}`);
        for (const line of formatFailure(event.error)) write(line);
        write(`  The checkpoint is kept. After the fix, run: ${options.resumeCommand}`);
        break;
      case 'paused':
        write(`Paused at ${event.id}: ${event.message}`);
        for (const line of event.instructions.split('\n')) write(`  ${line}`);
        break;
      case 'run-done':
        if (event.status === 'done') {
          write(done === 0 ? `Nothing to do: all ${skipped} step${skipped === 1 ? ' was' : 's were'} already done (${seconds(event.durationMs)}).` : `Done: ${done} step${done === 1 ? '' : 's'} run, ${skipped} already done, in ${seconds(event.durationMs)}.`);
        } else if (event.status === 'planned') {
          write('Dry run: nothing was changed.');
        } else if (event.status === 'interrupted') {
          write(`Interrupted. The checkpoint is consistent; to continue run: ${options.resumeCommand}`);
        }
        break;
    }
  };
}

export function ndjsonReporter(write: (line: string) => void): (event: EngineEvent) => void {
  return (event) => write(JSON.stringify({ time: new Date().toISOString(), ...event }));
}
