import type { Step } from './step.js';

/**
 * What a step says of itself without its work: enough for `validate`, `schema` and the form,
 * which then do not load the adapters and the steps' run code.
 */
export type StepDeclaration = Pick<Step, 'id' | 'title' | 'questions' | 'applies' | 'validate'>;

/** The step as declared, whose work (preflight, isDone, plan, run) is imported when first used. */
export function lazyStep(declaration: StepDeclaration, load: () => Promise<Step>): Step {
  let loading: Promise<Step> | undefined;
  const work = () => (loading ??= load());
  return {
    ...declaration,
    preflight: async (ctx) => (await work()).preflight?.(ctx) ?? [],
    isDone: async (ctx) => (await work()).isDone(ctx),
    plan: async (ctx) => (await work()).plan(ctx),
    run: async (ctx) => (await work()).run(ctx),
  };
}
