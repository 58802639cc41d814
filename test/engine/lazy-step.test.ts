import { describe, expect, it } from 'vitest';
import { lazyStep, type StepDeclaration } from '../../source/engine/lazy-step.js';
import type { Step, StepContext } from '../../source/engine/step.js';

const declaration: StepDeclaration = { id: 'write', title: 'Write a file', questions: [], applies: () => true };
const ctx = {} as StepContext;

function counted(work: Partial<Step> = {}) {
  const loads: number[] = [];
  const step = lazyStep(declaration, async () => {
    loads.push(loads.length + 1);
    return { ...declaration, isDone: async () => ({ done: false, detail: 'not yet' }), plan: async () => [{ summary: 'write it' }], run: async () => ({ wrote: true }), ...work };
  });
  return { step, loads };
}

describe('lazyStep', () => {
  it('answers from the declaration without loading the work', () => {
    const { step, loads } = counted();
    expect(step.id).toBe('write');
    expect(step.title).toBe('Write a file');
    expect(step.applies?.({})).toBe(true);
    expect(loads).toEqual([]);
  });

  it('loads the work once, on first use, and hands every call to it', async () => {
    const { step, loads } = counted();
    expect(await step.isDone(ctx)).toEqual({ done: false, detail: 'not yet' });
    expect(await step.plan(ctx)).toEqual([{ summary: 'write it' }]);
    expect(await step.run(ctx)).toEqual({ wrote: true });
    expect(loads).toEqual([1]);
  });

  it('has no preflight problems when the work has no preflight, and the work’s own when it has one', async () => {
    expect(await counted().step.preflight?.(ctx)).toEqual([]);
    const problem = { path: 'target.dir', message: 'is taken', fix: 'Choose another.' };
    expect(await counted({ preflight: async () => [problem] }).step.preflight?.(ctx)).toEqual([problem]);
  });
});
