/**
 * Step 2 through the engine (answers file resolution, step machine, checkpoint, log) on a real
 * MariaDB: dry run, the DBA hand-off as pause (exit 0) and resume, and no secret in any file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { runnerFor } from '../../../source/commands/runner.js';
import { resolveOrThrow } from '../../../source/engine/answers.js';
import type { EngineEvent } from '../../../source/engine/events.js';
import { runSteps } from '../../../source/engine/machine.js';
import type { Step } from '../../../source/engine/step.js';
import { createDatabaseStep } from '../../../steps/create-database/index.js';
import { twoNodes } from '../../support/create-database.js';
import { mariaDbForTests } from '../../support/mariadb.js';

const db = mariaDbForTests();
const USER_PW = 'Engine-user-pw-3';

/** The `nodes` answer belongs to step 1: a stand-in step declares it here. */
const nodesStep: Step = {
  id: 'nodes',
  title: 'nodes',
  questions: [{ path: 'nodes', kind: 'nodes', schema: z.array(z.looseObject({ name: z.string() })), prompt: 'Nodes', help: 'The farm nodes.' }],
  isDone: async () => ({ done: true, detail: 'given' }),
  plan: async () => [],
  run: async () => {},
};
const steps = [nodesStep, createDatabaseStep];

function setUp(database: Record<string, unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-engine-db-'));
  const rootPwFile = path.join(dir, 'db-admin-pw');
  fs.writeFileSync(rootPwFile, `${db.server.rootPassword}\n`, { mode: 0o600 });
  const raw = {
    database: { type: 'mysql', host: db.server.host, port: db.server.port, password: { env: 'PMF_DB_PASSWORD' }, driverDir: '/usr/share/java', ...database },
    nodes: twoNodes(),
  };
  const resolution = resolveOrThrow(JSON.parse(JSON.stringify(raw).replace('"ROOT_PW_FILE"', JSON.stringify(rootPwFile))), steps, {
    baseDir: dir,
    env: { PMF_DB_PASSWORD: USER_PW },
  });
  const stateDir = path.join(dir, 'state');
  const run = async (options: { dryRun?: boolean; resume?: boolean } = {}) => {
    const events: EngineEvent[] = [];
    const result = await runSteps({
      steps,
      resolution,
      stateDir,
      dryRun: options.dryRun ?? false,
      resume: options.resume ?? false,
      emit: (event) => events.push(event),
      signal: new AbortController().signal,
      runnerFor,
    });
    return { result, events };
  };
  /** Every file the run left in the state dir, as text. */
  const stateFiles = () => {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) walk(full);
        else out.push(fs.readFileSync(full, 'utf8'));
      }
    };
    if (fs.existsSync(stateDir)) walk(stateDir);
    return out.join('\n');
  };
  return { dir, stateDir, run, stateFiles };
}

describe('create-database through the engine, on MariaDB', () => {
  it('mode create: dry run shows **** and changes nothing; the run creates; a second run skips; no secret in the state dir', async () => {
    const farm = setUp({ name: 'ENGDB', user: 'enguser', admin: { user: 'root', password: { file: 'ROOT_PW_FILE' } } });

    const dry = await farm.run({ dryRun: true });
    expect(dry.result).toMatchObject({ status: 'planned', exitCode: 0 });
    const plan = dry.events.find((e) => e.type === 'step-plan' && e.id === 'create-database');
    expect(plan).toMatchObject({ done: false });
    const text = JSON.stringify(plan);
    expect(text).toContain("IDENTIFIED BY '****'");
    expect(text).not.toContain(USER_PW);
    expect(text).not.toContain(db.server.rootPassword);
    const [none] = await db.root.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'ENGDB'");
    expect(none).toEqual([]);

    const first = await farm.run();
    expect(first.result).toMatchObject({ status: 'done', exitCode: 0 });
    const progress = first.events.filter((e) => e.type === 'step-progress').map((e) => (e as { message: string }).message);
    expect(progress).toContain('Created database ENGDB (CHARACTER SET utf8)');
    const checkpoint = JSON.parse(fs.readFileSync(path.join(farm.stateDir, 'checkpoint.json'), 'utf8'));
    expect(checkpoint.steps['create-database']).toMatchObject({ status: 'done', outputs: { name: 'ENGDB', user: 'enguser', mode: 'create' } });

    const second = await farm.run();
    expect(second.result).toMatchObject({ status: 'done', exitCode: 0 });
    expect(second.events.find((e) => e.type === 'step-skip' && e.id === 'create-database')).toMatchObject({
      reason: expect.stringMatching(/enguser can log in to MySQL .* and create, use and drop a table in ENGDB/),
    });

    const files = farm.stateFiles();
    expect(files).not.toContain(USER_PW);
    expect(files).not.toContain(db.server.rootPassword);
  });

  it('mode dba: pauses with exit 0 and instructions; --resume lists what is missing (exit 1), then finds the DBA’s work', async () => {
    const farm = setUp({ name: 'ENGDBA', user: 'engdba', mode: 'dba' });
    const first = await farm.run();
    expect(first.result).toMatchObject({ status: 'paused', exitCode: 0 });
    const paused = first.events.find((e) => e.type === 'paused') as { message: string; instructions: string };
    const file = path.join(farm.stateDir, 'dba', 'create-ENGDBA.mysql.sql');
    expect(paused.message).toContain(file);
    expect(paused.instructions).toContain(`mysql -h ${db.server.host} -P ${db.server.port} -u root -p < ${file}`);
    expect(paused.instructions).toContain('pmf-wizard --resume');

    const early = await farm.run({ resume: true });
    expect(early.result).toMatchObject({ status: 'failed', exitCode: 1 });
    const failed = early.events.find((e) => e.type === 'step-failed') as { error: { message: string; fix: string } };
    expect(failed.error.message).toMatch(/^The database is not ready for PMF yet; missing:\n {2}- engdba cannot log in/);

    // The DBA runs the script with the password filled in.
    const statements = fs
      .readFileSync(file, 'utf8')
      .replaceAll('<PMF_USER_PASSWORD>', USER_PW)
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('--'))
      .map((l) => l.replace(/;$/, ''));
    for (const statement of statements) await db.root.query(statement);

    const resumed = await farm.run({ resume: true });
    expect(resumed.result).toMatchObject({ status: 'done', exitCode: 0 });
    expect(farm.stateFiles()).not.toContain(USER_PW);
  });
});
