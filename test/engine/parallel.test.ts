import { describe, expect, it } from 'vitest';
import { inParallel } from '../../source/engine/parallel.js';

describe('parallel work', () => {
  it('keeps to the limit and the order, and reports the first failure', async () => {
    let running = 0;
    let peak = 0;
    const results = await inParallel([5, 1, 3, 2], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n * 5));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 30, 20]);
    expect(peak).toBe(2);
    await expect(inParallel([1, 2], 2, async (n) => { if (n === 2) throw new Error('two'); return n; })).rejects.toThrow('two');
  });
});
