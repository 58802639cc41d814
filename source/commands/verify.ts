import path from 'node:path';
import { thisInvocation } from '../adapters/invocation.js';
import { shellWord } from '../adapters/process.js';
import { readAnswersFile, resolveAnswers } from '../engine/answers.js';
import { loadCheckpoint } from '../engine/checkpoint.js';
import { ExitCode, InputError, UsageError, type FieldProblem } from '../engine/errors.js';
import { RunLog } from '../engine/log.js';
import type { PartialAnswers } from '../engine/questions.js';
import { Redactor } from '../engine/redact.js';
import type { Step } from '../engine/step.js';
import { nextStepsOf } from '../farm/next-steps.js';
import { nextStepsLines } from '../ui/next-steps-lines.js';
import { formatFarmReport, verifyFarm } from '../../steps/verify-farm/index.js';
import { steps as productSteps } from '../../steps/index.js';
import { asKnownError } from '../engine/system-cause.js';
import { reportError, type Io } from './output.js';
import { runnerFor } from './runner.js';

export interface VerifyFlags {
  state: string;
  json: boolean;
  /** An answers file to take the answers (and secret references) from instead of the checkpoint's. */
  answers?: string;
}

/** The answers verification needs; other problems (a moved installer, ...) do not matter here. */
const NEEDED = /^(nodes|liberty\.(installDir|userDir)|pmf\.|database\.)/;

/**
 * `pmf-wizard verify`: the farm verification alone, as a report (a node × check table, JSON with
 * --json). Exit 0 healthy, 3 not; 2 when there is nothing to verify or an answer is missing.
 */
export async function verifyCommand(flags: VerifyFlags, steps: Step[], io: Io, signal: AbortSignal = new AbortController().signal): Promise<number> {
  const invocation = thisInvocation(io.env);
  const stateDir = path.resolve(io.cwd, flags.state);
  const checkpoint = loadCheckpoint(stateDir);
  if (!checkpoint && !flags.answers) {
    throw new UsageError(`Nothing to verify: no farm was built from ${stateDir} (no checkpoint.json)`, `Run ${invocation} first, or pass the --state directory of the run that built the farm.`);
  }
  let raw: PartialAnswers = checkpoint?.answers ?? {};
  let baseDir = stateDir;
  if (flags.answers) {
    const file = path.resolve(io.cwd, flags.answers);
    raw = readAnswersFile(file) as PartialAnswers;
    baseDir = path.dirname(file);
  }
  const resolution = resolveAnswers(raw, steps, { baseDir, env: io.env });
  const problems: FieldProblem[] = resolution.problems.filter((problem) => NEEDED.test(problem.path));
  for (const question of resolution.missing) {
    if (NEEDED.test(question.path)) problems.push({ path: question.path, message: 'missing', fix: question.secret ? `Set it in the answers (e.g. {"env": "NAME"} with NAME exported), or pass --answers FILE.` : `Set ${question.path}: ${question.help}` });
  }
  if (problems.length) throw new InputError(problems, 'The farm cannot be verified with these answers');
  const answers = resolution.answers;
  if (!Array.isArray(answers.nodes) || answers.nodes.length === 0) throw new UsageError(`Nothing to verify: the answers in ${stateDir} name no nodes`, `Run ${invocation} first.`);

  const redactor = new Redactor();
  for (const secret of resolution.secrets) redactor.add(secret);
  const log = new RunLog(redactor);
  const report = await verifyFarm({
    answers,
    stateDir,
    runner: runnerFor({ log, redactor, signal }),
    signal,
    addSecret: (value) => redactor.add(value),
  });
  const exitCode = report.healthy ? ExitCode.ok : ExitCode.verifyFailed;
  // A healthy farm's report ends with the consoles and the commands that start and stop its servers.
  const next = report.healthy ? nextStepsOf(resolution, { stateDir, answersFile: flags.answers && path.resolve(io.cwd, flags.answers), invocation }) : undefined;
  if (flags.json) io.stdout(redactor.redact(JSON.stringify({ type: 'farm-verification', ...report, exitCode, ...(next ? { nextSteps: next } : {}) })));
  else for (const line of [...formatFarmReport(report), ...(next ? nextStepsLines(next, 'servers') : [])]) io.stdout(redactor.redact(line));
  if (!report.healthy && !flags.json) {
    const repair = [invocation, '--state', shellWord(flags.state), ...(flags.answers ? ['--answers', shellWord(flags.answers)] : []), '--resume'].join(' ');
    io.stderr(`The farm is not healthy: run ${repair} to repair it (the repair of each failure is shown above).`);
  }
  return exitCode;
}

/** verifyCommand as cli.tsx runs it, errors reported here: bundled with run.ts, see runMain. */
export async function verifyMain(flags: VerifyFlags, io: Io, signal: AbortSignal, steps: Step[] = productSteps): Promise<number> {
  try {
    return await verifyCommand(flags, steps, io, signal);
  } catch (error) {
    return reportError(asKnownError(error), io, flags.json);
  }
}
