/**
 * Before anything changes (step 1 installs Liberty first): can the wizard log in where step 2
 * will, as the user step 2 will use? A refusal becomes a problem on the question to change.
 */
import type { Credentials } from '../../source/adapters/database/sql.js';
import { ExternalError, WizardError, type FieldProblem } from '../../source/engine/errors.js';
import type { DoneCheck, StepContext } from '../../source/engine/step.js';
import type { DatabaseSetup } from '../../source/farm/database.js';
import { backendFor } from './backend.js';
import { explained } from './fixes.js';

/** The questions that say where the server is: a failure there says nothing about being done. */
const WHERE = new Set(['database.host', 'database.port']);

/**
 * The question a person changes for a failed log-in, or undefined when the failure is no
 * problem yet: in mode dba the PMF user and its database exist only once the DBA ran the script
 * the step writes, so before that a refused log-in or a missing database is expected (the step
 * itself lists what the DBA still has to do).
 */
export function questionOf(kind: string, r: DatabaseSetup): string | undefined {
  const client = r.target.type === 'db2' ? 'database.db2Path' : 'database.sqlplusPath';
  switch (kind) {
    case 'no-server':
      return 'database.port';
    case 'unknown-host':
    case 'unreachable':
    case 'not-started':
    case 'connect-failed':
    case 'attach-failed':
      return 'database.host';
    case 'admin-denied':
      return 'database.admin.password';
    case 'admin-lacks-authority':
      return 'database.admin.user';
    case 'unknown-service':
      return 'database.name';
    case 'no-instance':
      return 'database.db2Instance';
    case 'user-locked':
      return 'database.user';
    case 'no-client':
    case 'not-runnable':
    case 'client-failed':
      return client;
    case 'user-denied':
      return r.admin ? 'database.password' : undefined;
    case 'unknown-database':
      return r.admin ? 'database.name' : undefined;
    default:
      return 'database.host';
  }
}

/** An adapter's failure to log in as the problem a person reads: the question (named by its prompt where problems are printed), what the server said, the fix. */
export function loginProblem(error: unknown, r: DatabaseSetup): FieldProblem | undefined {
  if (!(error instanceof ExternalError)) throw error;
  const path = questionOf(error.kind, r);
  if (!path) return undefined;
  const worded = explained(error, r);
  return { path, message: error.message, fix: worded instanceof WizardError ? worded.fix : error.fix };
}

/** Mode create: the admin, as step 2 logs in first; mode dba: the PMF user the DBA creates. */
function whoLogsIn(r: DatabaseSetup): { who: Credentials; role: 'admin' | 'user' } {
  return r.admin ? { who: r.admin, role: 'admin' } : { who: { user: r.target.user, password: r.target.password }, role: 'user' };
}

/**
 * The log-in problem, unless step 2 is done and will be skipped: a step the checkpoint
 * records as done is checked the way the run will (isDone) before anyone logs in; otherwise a
 * refusal is checked against isDone too (a database set up by an earlier state directory or by
 * hand needs no admin). What is said on the way goes to the log only: the run has not started.
 */
export async function connectionProblems(ctx: StepContext, r: DatabaseSetup, isDone: (ctx: StepContext) => Promise<DoneCheck>): Promise<FieldProblem[]> {
  const quiet: StepContext = { ...ctx, report: (message) => ctx.log.write(`[create-database] ${message}`) };
  const recorded = ctx.outputsOf('create-database') !== undefined;
  if (recorded && (await isDone(quiet)).done) return [];
  const backend = await backendFor(quiet, r);
  const { who, role } = whoLogsIn(r);
  let problem: FieldProblem | undefined;
  try {
    await backend.checkLogin(who, role);
    return [];
  } catch (error) {
    problem = loginProblem(error, r);
  }
  if (!problem) return [];
  if (recorded || WHERE.has(problem.path)) return [problem];
  return (await isDone(quiet)).done ? [] : [problem];
}
