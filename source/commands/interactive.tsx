import fs from 'node:fs';
import path from 'node:path';
import { render } from 'ink';
import { thisInvocation } from '../adapters/invocation.js';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { loadCheckpoint } from '../engine/checkpoint.js';
import { loadDraft, removeDraft, saveDraft } from '../engine/draft.js';
import { runSteps } from '../engine/machine.js';
import type { PartialAnswers } from '../engine/questions.js';
import type { Step } from '../engine/step.js';
import { App } from '../ui/App.js';
import { mergeAnswers } from '../ui/flow.js';
import { colorWanted, themeFor, ThemeProvider } from '../ui/theme.js';
import type { WizardServices } from '../ui/wizard-controller.js';
import type { RunFlags } from './run.js';
import { runnerFor } from './runner.js';

/** What the interactive (Ink) run receives from the CLI. */
export interface InteractiveOptions {
  steps: Step[];
  /** Answers known so far: a partial answers file, the checkpoint's, or nothing. */
  raw: PartialAnswers;
  /** Relative paths in answers resolve against this directory. */
  baseDir: string;
  stateDir: string;
  flags: RunFlags;
  env: NodeJS.ProcessEnv;
  /** The exact command that resumes this run, for the screen. */
  resumeCommand: string;
  /** Aborted on Ctrl+C / SIGTERM. */
  signal: AbortSignal;
  /** --resume was asked (even when there was no checkpoint to resume): a draft is then taken. */
  resumeAsked?: boolean;
}

/** The production services: runSteps is the only process work of the interactive run. */
export function realServices(options: InteractiveOptions): WizardServices {
  return {
    run: ({ resolution, resume, dryRun, emit, signal }) => runSteps({ steps: options.steps, resolution, stateDir: options.stateDir, dryRun, resume, emit, signal, runnerFor }),
    outputs: () => {
      const checkpoint = loadCheckpoint(options.stateDir);
      return Object.fromEntries(Object.entries(checkpoint?.steps ?? {}).map(([id, record]) => [id, record.outputs]));
    },
    saveAnswers: (file, content, { overwrite = false } = {}) => {
      if (!overwrite && fs.existsSync(file)) return 'exists';
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomic(file, content, { mode: 0o600 });
    },
    loadDraft: () => loadDraft(options.stateDir),
    saveDraft: (draft) => saveDraft(options.stateDir, draft),
    removeDraft: () => removeDraft(options.stateDir),
    checkAnswer: async (question, answers) => question.check?.(answers),
  };
}

/** The Ink wizard: asks what is missing, runs the steps, shows progress, failures and the end. Returns the exit code. */
export async function runInteractive(options: InteractiveOptions): Promise<number> {
  const found = loadCheckpoint(options.stateDir);
  // Without --resume a checkpoint is offered for resuming. With --resume and an answers file, what
  // the earlier run was told interactively comes back from the checkpoint; the file's answers win.
  // --yes takes the non-destructive answer to that offer: resume, without asking. Answers typed
  // after the checkpoint (a draft) are offered beside it even then; with no checkpoint they are taken.
  const resuming = options.flags.resume || (options.flags.yes && found !== undefined);
  const raw = resuming && found ? mergeAnswers(found.answers, options.raw) : options.raw;
  let exitCode = 1;
  let resolveExit: () => void = () => {};
  const exited = new Promise<void>((resolve) => {
    resolveExit = resolve;
  });
  const instance = render(
    <ThemeProvider theme={themeFor(colorWanted(options.env))}>
      <App
        steps={options.steps}
        raw={raw}
        fromAnswersFile={Boolean(options.flags.answers)}
        baseDir={options.baseDir}
        cwd={process.cwd()}
        env={options.env}
        stateDir={options.stateDir}
        resume={resuming}
        dryRun={options.flags.dryRun}
        verbose={options.flags.verbose}
        resumeCommand={options.resumeCommand}
        invocation={thisInvocation(options.env)}
        checkpoint={found}
        takeDraft={Boolean(options.resumeAsked || options.flags.resume || options.flags.yes)}
        services={realServices(options)}
        signal={options.signal}
        onExit={(code) => {
          exitCode = code;
          resolveExit();
        }}
      />
    </ThemeProvider>,
    { exitOnCtrlC: false, patchConsole: false },
  );
  await exited;
  // Let Ink draw the last frame (the final lines are in <Static>) before it lets go of the terminal.
  await new Promise((resolve) => setTimeout(resolve, 50));
  instance.unmount();
  await instance.waitUntilExit().catch(() => undefined);
  return exitCode;
}
