import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { runnerFor } from '../../source/commands/runner.js';
import { loadCheckpoint } from '../../source/engine/checkpoint.js';
import { StepFailure } from '../../source/engine/errors.js';
import { runSteps } from '../../source/engine/machine.js';
import { getAt, type PartialAnswers } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';
import { App } from '../../source/ui/App.js';
import type { WizardServices } from '../../source/ui/wizard-controller.js';
import { frameOf, KEY, renderPlain, send, typeText, waitFor, waitForText, type Rendered } from './ink-helpers.js';

/** The whole App mounted on real runSteps with the test's steps: what the app tests share. */
export const SECRET = 'hunter2-secret';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ui-app-'));
}

/** The production services, on the test's steps and state dir: real runSteps. */
export function services(steps: Step[], stateDir: string): WizardServices {
  return {
    run: (input) => runSteps({ steps, stateDir, runnerFor, ...input }),
    outputs: () => Object.fromEntries(Object.entries(loadCheckpoint(stateDir)?.steps ?? {}).map(([id, record]) => [id, record.outputs])),
    saveAnswers: (file, content) => fs.writeFileSync(file, content),
  };
}

export interface Mount {
  r: Rendered;
  exitCode: () => number | undefined;
  waitForExit: () => Promise<number>;
}

export function mount(steps: Step[], dir: string, options: { raw?: PartialAnswers; fromAnswersFile?: boolean; resume?: boolean; dryRun?: boolean; signal?: AbortSignal } = {}): Mount {
  const stateDir = path.join(dir, 'state');
  let code: number | undefined;
  const r = renderPlain(
    <App
      steps={steps}
      raw={options.raw ?? {}}
      fromAnswersFile={options.fromAnswersFile ?? false}
      baseDir={dir}
      cwd={dir}
      env={{}}
      stateDir={stateDir}
      resume={options.resume ?? false}
      dryRun={options.dryRun ?? false}
      resumeCommand={`pmf-wizard --state ${stateDir} --resume`}
      checkpoint={options.resume ? undefined : loadCheckpoint(stateDir)}
      services={services(steps, stateDir)}
      signal={options.signal}
      onExit={(c) => {
        code = c;
      }}
    />,
  );
  return {
    r,
    exitCode: () => code,
    waitForExit: async () => {
      await waitFor(() => code !== undefined, 'the wizard to exit', r, 10_000);
      return code!;
    },
  };
}

/** The questions of the fake question step, answered from nothing. */
export async function answerQuestions(r: Rendered, dir: string) {
  await waitForText(r, '? Target');
  await typeText(r, 'out');
  await send(r, KEY.enter, '? Count');
  expect(frameOf(r)).toContain(`✔ Target: ${path.join(dir, 'out')}`);
  expect(frameOf(r)).toContain('❯ 2');
  await send(r, KEY.enter, '? Password');
  await send(r, SECRET, '••••••••••••••');
  await send(r, KEY.enter, '? Mode');
  expect(frameOf(r)).toContain('✔ Password: ••••••');
}

export function modeStep(): Step {
  return {
    id: 'check-mode',
    title: 'Check the mode',
    questions: [],
    async isDone() {
      return { done: false, detail: 'always runs' };
    },
    async plan() {
      return [];
    },
    async run(ctx) {
      const mode = String(getAt(ctx.answers, 'target.mode'));
      const extra = getAt(ctx.answers, 'target.extra');
      if (mode !== 'b') throw new StepFailure('mode a cannot work here', 'Choose mode b.', { command: 'check --mode a', outputTail: 'line 1\nmode a refused' });
      ctx.report(`mode b with ${extra}`);
      return { table: { header: ['mode', 'extra'], rows: [[mode, String(extra ?? '')]] } };
    },
  };
}

