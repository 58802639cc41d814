/** What step 2 would do, for --dry-run: every statement, with the passwords as ****. */
import { driverRequirement } from '../../source/adapters/database/driver.js';
import { creationStatements, probeStatements, render, type Credentials } from '../../source/adapters/database/sql.js';
import type { PlannedAction } from '../../source/engine/events.js';
import type { StepContext } from '../../source/engine/step.js';
import type { DatabaseSetup } from '../../source/farm/database.js';
import { backendFor, setupFor } from './backend.js';
import { dbaCommand, dbaScript, dbaScriptPath } from './dba-script.js';

/** The statements the admin runs, as the adapter sends them (DB2 attaches, then connects). */
function shownCreation(r: DatabaseSetup, admin: Credentials): string[] {
  const { target } = r;
  const shown = creationStatements(target).map((statement) => `${render(statement, 'show')};`);
  if (target.type === 'db2') {
    shown.unshift(`ATTACH TO ${r.db2Instance} USER ${admin.user} USING ****;`);
    shown.splice(2, 0, 'DETACH;');
    shown[3] = `CONNECT TO ${target.name.toUpperCase()} USER ${admin.user} USING ****;`;
  }
  if (target.type === 'oracle') shown.unshift(`CONNECT ${admin.user}/****@//${target.host}:${target.port}/${target.name}`);
  return shown;
}

export async function plan(ctx: StepContext): Promise<PlannedAction[]> {
  const r = setupFor(ctx);
  const { target } = r;
  const actions: PlannedAction[] = [{ summary: `Check the JDBC driver in ${r.driverDir}: ${driverRequirement(target.type)}` }];
  if (target.type === 'derby') {
    actions.push({
      summary: `Create the Derby data directory ${r.dataDir} (if missing) and check that it is writable; the PMF Ant task creates the database ${target.name} in it`,
      file: r.dataDir,
    });
    return actions;
  }
  // Mode create: the admin's credentials are there; mode dba: the script for the DBA.
  if (r.admin) {
    const backend = await backendFor(ctx, r);
    actions.push({
      summary: `As ${r.admin.user}, through ${backend.via}: create what is missing of the database ${target.name}, the user ${target.user} and its grants (what exists is kept)`,
      detail: shownCreation(r, r.admin).join('\n'),
    });
  } else {
    const file = dbaScriptPath(ctx.stateDir, target);
    actions.push({
      summary: `Write the DBA script ${file}, then pause until the DBA has run it: ${dbaCommand(target, file)}`,
      file,
      detail: dbaScript(target, file),
    });
  }
  const probe = probeStatements(target);
  actions.push({
    summary: `As ${target.user}: connect to ${target.name} and create, use and drop a table`,
    detail: [probe.create, probe.insert, probe.select, probe.drop].map((sql) => `${sql};`).join('\n'),
  });
  return actions;
}
