import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportError, type Io } from '../../source/commands/output.js';
import { runCommand } from '../../source/commands/run.js';
import { validateCommand } from '../../source/commands/validate.js';
import { questionStep } from '../support/fake-steps.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-answers-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What a command prints for bad input, as the person sees it. */
async function printed(command: (io: Io) => Promise<number> | number): Promise<string> {
  const lines: string[] = [];
  const io: Io = { stdout: (line) => lines.push(line), stderr: (line) => lines.push(line), isTTY: false, env: {}, cwd: dir };
  try {
    await command(io);
  } catch (error) {
    expect(reportError(error, io, false)).toBe(2);
  }
  return lines.join('\n');
}

describe('an answers file that is not a JSON object', () => {
  for (const json of ['null', '[]', 'true']) {
    it(`${json}: the run names the file as validate does, and never prints $`, async () => {
      const file = path.join(dir, `answers-${json.replace(/\W/g, '_')}.json`);
      fs.writeFileSync(file, json);
      const steps = [questionStep()];
      const run = await printed((io) => runCommand({ answers: file, resume: false, dryRun: false, state: path.join(dir, 'state'), json: false, yes: false }, steps, io, new AbortController().signal));
      const validate = await printed((io) => validateCommand(file, steps, io, false));
      for (const output of [run, validate]) {
        expect(output).toContain(`${file} is not valid: 1 problem`);
        expect(output).toContain('the answers must be a JSON object');
        expect(output).not.toContain('$');
      }
    });
  }
});
