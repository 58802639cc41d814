/** What the tests of step 2 (create-database) on each DBMS share: the nodes answer, failures, the stand-in sandbox. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StepFailure } from '../../source/engine/errors.js';

/** A fresh `nodes` answer of two nodes, pmf1 and pmf2, on the default ports and the next ones. */
export function twoNodes() {
  return [
    { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
    { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
  ];
}

/** The StepFailure the promise rejects with; any other outcome fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<StepFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StepFailure) return error;
    throw error;
  }
  throw new Error('expected a StepFailure');
}

export interface StandinSandbox {
  /** The temp dir of the test. */
  work: string;
  /** The stand-in's state dir (work/<dataName>), named in the environment variable given. */
  dataDir: string;
  /** A JDBC driver dir (work/<driverName>) holding the given jar names as empty files. */
  driverDir: string;
  /** work/<basename of the stand-in>: a wrapper that appends its argv to argvLog, then runs the stand-in. */
  wrapper: string;
  argvLog: string;
}

/**
 * A temp dir for one test against a command-line stand-in of fixtures/ (the DB2 CLP, SQL*Plus).
 * The wrapper records its argv, to prove no password is ever on a command line.
 */
export function standinSandbox(options: { prefix: string; standin: string; dataEnv: string; dataName: string; driverName: string; jars: string[] }): StandinSandbox {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix));
  const dataDir = path.join(work, options.dataName);
  fs.mkdirSync(dataDir);
  process.env[options.dataEnv] = dataDir;
  const driverDir = path.join(work, options.driverName);
  fs.mkdirSync(driverDir);
  for (const jar of options.jars) fs.writeFileSync(path.join(driverDir, jar), '');
  const argvLog = path.join(work, 'argv.log');
  const wrapper = path.join(work, path.basename(options.standin));
  fs.writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${argvLog}'\nexec '${options.standin}' "$@"\n`, { mode: 0o755 });
  return { work, dataDir, driverDir, wrapper, argvLog };
}
