import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { runnerFor } from '../../source/commands/runner.js';
import { loadCheckpoint } from '../../source/engine/checkpoint.js';
import type { Draft } from '../../source/engine/draft.js';
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

/** Where the in-memory services keep a draft: share one between two mounts to see the next start. */
export interface DraftStore {
  draft?: Draft;
  removed: number;
}

/** The production services, on the test's steps and state dir: real runSteps; the draft in memory. */
export function services(steps: Step[], stateDir: string, drafts: DraftStore = { removed: 0 }): WizardServices {
  return {
    run: (input) => runSteps({ steps, stateDir, runnerFor, ...input }),
    outputs: () => Object.fromEntries(Object.entries(loadCheckpoint(stateDir)?.steps ?? {}).map(([id, record]) => [id, record.outputs])),
    saveAnswers: (file, content, { overwrite = false } = {}) => {
      if (!overwrite && fs.existsSync(file)) return 'exists';
      fs.writeFileSync(file, content);
    },
    loadDraft: () => structuredClone(drafts.draft),
    saveDraft: (draft) => {
      drafts.draft = structuredClone(draft);
    },
    removeDraft: () => {
      drafts.draft = undefined;
      drafts.removed += 1;
    },
    checkAnswer: async (question, answers) => question.check?.(answers),
  };
}

export interface Mount {
  r: Rendered;
  exitCode: () => number | undefined;
  waitForExit: () => Promise<number>;
}

export interface MountOptions {
  raw?: PartialAnswers;
  fromAnswersFile?: boolean;
  resume?: boolean;
  dryRun?: boolean;
  signal?: AbortSignal;
  drafts?: DraftStore;
  takeDraft?: boolean;
  /** How the wizard was started, as the CLI passes it. */
  invocation?: string;
}

export function mount(steps: Step[], dir: string, options: MountOptions = {}): Mount {
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
      invocation={options.invocation ?? 'pmf-wizard'}
      checkpoint={loadCheckpoint(stateDir)}
      takeDraft={options.takeDraft ?? options.resume}
      services={services(steps, stateDir, options.drafts)}
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


export const REVIEW = 'Check the answers';

/** Enter on the last question, then "Start" at the review that comes before anything changes. */
export async function enterThenStart(r: Rendered, expected?: string | RegExp): Promise<string> {
  await send(r, KEY.enter, REVIEW);
  return send(r, KEY.enter, expected);
}
