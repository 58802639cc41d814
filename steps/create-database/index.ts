/**
 * Step 2: the database PMF keeps its tables in, and a user that can create and use them.
 * Either the wizard creates them with the DBMS admin's credentials (mode "create"), or it
 * writes the exact script for a DBA, pauses, and on --resume checks that what the DBA did
 * is enough (mode "dba"). Derby needs no server: only a writable data directory, one node.
 */
import * as derby from '../../source/adapters/database/derby.js';
import { checkDriver } from '../../source/adapters/database/driver.js';
import type { FieldProblem } from '../../source/engine/errors.js';
import type { DoneCheck, Step, StepContext } from '../../source/engine/step.js';
import { backendFor, setupFor } from './backend.js';
import { dataDirFix, driverFix } from './fixes.js';
import { plan } from './plan.js';
import { connectionProblems } from './preflight.js';
import { createDatabaseDeclaration } from './declaration.js';
import { run } from './run.js';

async function isDone(ctx: StepContext): Promise<DoneCheck> {
  const r = setupFor(ctx);
  const driver = checkDriver(r.target.type, r.driverDir);
  if (r.target.type === 'derby') {
    const dir = derby.checkDataDir(r.dataDir ?? '');
    return { done: driver.ok && dir.ok, detail: `${driver.detail}; ${dir.detail}` };
  }
  try {
    const backend = await backendFor(ctx, r);
    const outcome = await backend.verify();
    const done = driver.ok && outcome.missing.length === 0;
    return { done, detail: `${outcome.detail}; ${driver.detail}` };
  } catch (error) {
    return { done: false, detail: `${(error as Error).message}; ${driver.detail}` };
  }
}

async function preflight(ctx: StepContext): Promise<FieldProblem[]> {
  const r = setupFor(ctx);
  const problems: FieldProblem[] = [];
  const driver = checkDriver(r.target.type, r.driverDir);
  if (!driver.ok) problems.push({ path: 'database.driverDir', message: driver.detail, fix: driverFix(r.target.type) });
  if (r.target.type === 'derby') {
    const dataDir = r.dataDir ?? '';
    const dir = derby.checkDataDir(dataDir, { allowMissing: true });
    if (!dir.ok) problems.push({ path: 'database.dataDir', message: dir.detail, fix: dataDirFix(dataDir, dir.problem) });
    return problems;
  }
  // Step 1 installs Liberty before this step runs: a wrong host, port or password is found now.
  return [...problems, ...(await connectionProblems(ctx, r, isDone))];
}

export const createDatabaseStep: Step = {
  ...createDatabaseDeclaration,
  preflight,
  isDone,
  plan,
  run,
};
