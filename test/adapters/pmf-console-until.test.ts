import { describe, expect, it } from 'vitest';
import { until } from '../../source/adapters/pmf-console.js';

/** A check that answers from a script of results, one per call, the last one repeated. */
function scripted(results: Array<{ ok: boolean; refused?: boolean }>) {
  let calls = 0;
  const check = async () => results[Math.min(calls++, results.length - 1)];
  return { check, calls: () => calls };
}

describe('until: retrying a check after a start', () => {
  it('takes a refusal as final at once when no grace is given', async () => {
    const { check, calls } = scripted([{ ok: false, refused: true }, { ok: true }]);
    expect(await until(check, 10_000)).toEqual({ ok: false, refused: true });
    expect(calls()).toBe(1);
  });

  it('retries a refusal within the grace period and returns the success that follows', async () => {
    const { check, calls } = scripted([{ ok: false, refused: true }, { ok: false, refused: true }, { ok: true }]);
    expect(await until(check, 10_000, undefined, 5_000)).toEqual({ ok: true });
    expect(calls()).toBe(3);
  });

  it('returns a refusal that outlasts the grace period, without waiting for the whole timeout', async () => {
    const { check } = scripted([{ ok: false, refused: true }]);
    const started = Date.now();
    expect(await until(check, 60_000, undefined, 1_200)).toEqual({ ok: false, refused: true });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
