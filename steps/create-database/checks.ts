/**
 * The database connection, checked right after the last connection question (imported on first
 * use: validate and schema never load it). Mode create: the admin's password, by logging in as
 * the admin where MySQL allows it cheaply, else by reaching host:port; mode dba: the PMF user's
 * password, by reaching host:port only (the database and the user may not exist yet).
 */
import { verifyUser } from '../../source/adapters/database/mysql.js';
import { checkLogin } from '../../source/adapters/database/mysql-session.js';
import type { DbTarget } from '../../source/adapters/database/sql.js';
import { checkReachable } from '../../source/adapters/database/reach.js';
import { inQuestionWords, type PartialAnswers } from '../../source/engine/questions.js';
import { databaseOf, isServerDbms, modeOf, type DatabaseSetup } from '../../source/farm/database.js';
import { loginProblem } from './preflight.js';
import { databaseQuestions } from './questions.js';

/** The question that carries the check: the last of the connection questions that applies in this mode. */
export type CheckedAt = 'database.password' | 'database.admin.password';

async function connect(r: DatabaseSetup): Promise<void> {
  const { target } = r;
  if (target.type === 'derby') return;
  // A few seconds for a wrong host or a dropped packet; then the log-in, which answers at once.
  await checkReachable(target.type, target.host, target.port);
  // DB2 and Oracle log in through a client command (a JVM, sqlplus): too slow for a question.
  if (target.type !== 'mysql' || !r.admin) return;
  try {
    await checkLogin(target, r.admin, 'admin');
  } catch (error) {
    // As the run's preflight: a database and user already complete need no admin.
    if (!(await alreadyReady(target))) throw error;
  }
}

/** The PMF user logs in and finds its database with every privilege: the step would have nothing to create. */
async function alreadyReady(target: DbTarget): Promise<boolean> {
  try {
    return (await verifyUser(target, { log: () => undefined })).missing.length === 0;
  } catch {
    return false;
  }
}

/** The problem, in the form's words and with its fix (the preflight's, as the question asks it), or undefined. */
export async function connectionCheck(answers: PartialAnswers, at: CheckedAt): Promise<string | undefined> {
  if (!isServerDbms(answers) || (modeOf(answers) === 'create') !== (at === 'database.admin.password')) return undefined;
  const r = databaseOf({ answers });
  try {
    await connect(r);
    return undefined;
  } catch (error) {
    const problem = loginProblem(error, r);
    return problem && inQuestionWords(`${problem.message}. ${problem.fix}`, databaseQuestions);
  }
}
