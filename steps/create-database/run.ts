/**
 * Step 2's work: with the admin's credentials, create what is missing and prove the PMF user
 * can use it; without them, write the DBA's script, pause, and on --resume check the DBA's work.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as derby from '../../source/adapters/database/derby.js';
import { checkDriver } from '../../source/adapters/database/driver.js';
import type { Credentials } from '../../source/adapters/database/sql.js';
import { PauseRun, StepFailure } from '../../source/engine/errors.js';
import type { StepContext, StepOutputs } from '../../source/engine/step.js';
import { jdbcUrl, type DatabaseSetup } from '../../source/farm/database.js';
import { backendFor, setupFor, type Backend } from './backend.js';
import { dbaCommand, dbaScript, dbaScriptPath } from './dba-script.js';
import { driverFix, explained, stillUnusableFix } from './fixes.js';

function missingList(missing: string[]): string {
  return missing.map((item) => `  - ${item}`).join('\n');
}

function prepareDerby(ctx: StepContext, r: DatabaseSetup, outputs: StepOutputs): StepOutputs {
  const dataDir = r.dataDir ?? '';
  let made: { created: boolean };
  try {
    made = derby.prepareDataDir(dataDir);
  } catch (error) {
    throw explained(error, r);
  }
  ctx.report(made.created ? `Created the Derby data directory ${dataDir}` : `Derby data directory ${dataDir} exists and is writable: nothing to change`);
  return { ...outputs, dataDir };
}

async function createAsAdmin(ctx: StepContext, r: DatabaseSetup, admin: Credentials, backend: Backend, outputs: StepOutputs): Promise<StepOutputs> {
  const { target } = r;
  ctx.report(`Creating what is missing of database ${target.name} and user ${target.user} as ${admin.user}`);
  const outcome = await backend.create(admin);
  for (const warning of outcome.warnings) ctx.report(`Warning: ${warning}`);
  if (outcome.changed.length === 0) {
    ctx.report(`Nothing to change: ${outcome.unchanged.join(', ')} already in place`);
  } else {
    for (const change of outcome.changed) ctx.report(change.charAt(0).toUpperCase() + change.slice(1));
  }
  const check = await backend.verify();
  for (const warning of check.warnings) if (!outcome.warnings.includes(warning)) ctx.report(`Warning: ${warning}`);
  if (check.missing.length) {
    throw new StepFailure(`The database was set up, but ${target.user} still cannot use it:\n${missingList(check.missing)}`, stillUnusableFix(r, check));
  }
  ctx.report(check.detail);
  return { ...outputs, changed: outcome.changed, unchanged: outcome.unchanged };
}

/** The script first; once the DBA ran it (same script on the next run), verify what the DBA did. */
async function handOffToDba(ctx: StepContext, r: DatabaseSetup, backend: Backend, outputs: StepOutputs): Promise<StepOutputs> {
  const { target } = r;
  const file = dbaScriptPath(ctx.stateDir, target);
  const script = dbaScript(target, file);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (existing === script) {
    ctx.report(`Checking what the DBA did with ${file}`);
    const check = await backend.verify();
    for (const warning of check.warnings) ctx.report(`Warning: ${warning}`);
    if (check.missing.length) {
      throw new StepFailure(
        `The database is not ready for PMF yet; missing:\n${missingList(check.missing)}`,
        `Ask your DBA to run ${file} (${dbaCommand(target, file)}) or to fix the items above, then run pmf-wizard --resume again.`,
      );
    }
    ctx.report(check.detail);
    return { ...outputs, dbaScript: file };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // No password in it (a placeholder for the PMF user's), so the DBA may read it.
  fs.writeFileSync(file, script, { mode: 0o644 });
  fs.chmodSync(file, 0o644);
  const placeholderNote =
    target.type === 'db2'
      ? `DB2 users are operating-system users: ${target.user} must exist on the DB2 server with the password you gave as database.password.`
      : `The script holds no password: the DBA replaces <PMF_USER_PASSWORD> with the password you gave as database.password.`;
  throw new PauseRun(
    `Waiting for the DBA: the script to create database ${target.name} and user ${target.user} is in ${file}`,
    [
      `1. Give ${file} to your ${target.type.toUpperCase()} DBA. ${placeholderNote}`,
      `2. The DBA runs: ${dbaCommand(target, file)}`,
      `3. Then continue with: pmf-wizard --resume (with the same --answers and --state as this run). The wizard checks that ${target.user} can connect to ${target.name} and create a table, and lists anything still missing.`,
    ].join('\n'),
  );
}

export async function run(ctx: StepContext): Promise<StepOutputs> {
  const r = setupFor(ctx);
  const { target } = r;
  const driver = checkDriver(target.type, r.driverDir);
  if (!driver.ok) throw new StepFailure(`JDBC driver missing: ${driver.detail}`, driverFix(target.type));
  ctx.report(driver.detail);
  const outputs: StepOutputs = { type: target.type, name: target.name, driverDir: r.driverDir, driverJars: driver.found, jdbcUrl: jdbcUrl(r) };
  if (target.type === 'derby') return prepareDerby(ctx, r, outputs);

  Object.assign(outputs, { host: target.host, port: target.port, user: target.user, schema: target.schema, mode: r.mode });
  const backend = await backendFor(ctx, r);
  // Mode create: the admin's credentials are there; mode dba: the DBA does it.
  return r.admin ? createAsAdmin(ctx, r, r.admin, backend, outputs) : handOffToDba(ctx, r, backend, outputs);
}
