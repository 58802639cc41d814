/**
 * The fault suite on a single node on embedded Derby: the wizard killed with SIGKILL right after
 * each of its external commands (every one with `npm run faults`, a few in `npm test`), and
 * SIGTERM/SIGINT at seeded moments, each followed by one `--resume`. Prints the table of figures.
 */
import { execa } from 'execa';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';
import { countCommands, crashAt, expectClean, eachPoint, faultTable, signalAt } from './support/crash.js';
import { crashPoints, FULL, moments, SEED, seeded, signalPlan } from './support/plan.js';
import { healthy, prepareTarget, retireTarget, verifyTarget } from './support/target.js';

const make = () => prepareTarget('derby');
const tables: string[] = [];
let commands: string[] = [];
let buildMs = 0;
/** The build's commands, numbered as the crash points are. */
const commandList = () => commands.map((c, i) => `    ${i + 1}. ${c.replace(/ -J\S+/g, '').slice(0, 150)}`);

beforeAll(async () => {
  await execa('bash', [path.join(root, 'scripts', 'build-fixtures.sh')]);
  const target = await make();
  try {
    const run = await countCommands(target);
    expect(healthy(run, target), run.all.slice(-3000)).toBe(true);
    const verified = await verifyTarget(target);
    expect(verified.exitCode, verified.all).toBe(0);
    commands = run.commands.map((c) => c.command.replace(target.dir, '…'));
    buildMs = run.ms;
  } finally {
    retireTarget(target);
  }
}, 900_000);

afterAll(() => {
  if (tables.length) console.log(`fault suite, single node on Derby (seed ${SEED}, ${FULL ? 'full' : 'CI subset'}), a build runs ${commands.length} commands in ${(buildMs / 1000).toFixed(1)} s:\n${[...commandList(), ...tables].join('\n')}`);
});


describe('a single node on Derby', () => {
  it('killed right after each external command: the first --resume ends verified, with nothing left behind', async () => {
    const deploy = commands.findIndex((c) => /\bant\b.*install/.test(c)) + 1;
    const start = commands.findIndex((c) => /server start/.test(c)) + 1;
    const rows = await eachPoint('crash', crashPoints(commands.length, [deploy, start]), (k) => crashAt(make, k), (k) => `kill -9 at ${k}`);
    tables.push(faultTable(`kill -9 after command k of ${commands.length}:`, rows));
    expectClean(rows);
  });

  it('SIGTERM and SIGINT at seeded moments: the run stops its commands and exits 130 (interrupted); the first --resume ends verified', async () => {
    const random = seeded(SEED);
    const plan = signalPlan(FULL ? (['SIGTERM', 'SIGINT', 'SIGTERM', 'SIGINT', 'SIGTERM', 'SIGINT'] as const) : (['SIGTERM'] as const));
    const at = moments(plan.length, commands.length, random);
    const rows = await eachPoint('signal', [...plan.entries()], ([i, name]) => signalAt(make, name, at[i].at, at[i].delayMs), ([i, name]) => `${name} at ${at[i].at}`);
    tables.push(faultTable('signals:', rows));
    for (const row of rows) expect(row.first, row.label).toMatch(/^exit 130 /);
    expectClean(rows);
  });
});
