/**
 * Which points a fault run tries: every one with PMF_FAULTS=full (`npm run faults`), a few that
 * fit CI's time otherwise; and the seeded moments of the signals (PMF_FAULT_SEED replays a run).
 */
export const FULL = process.env.PMF_FAULTS === 'full';
export const SEED = Number(process.env.PMF_FAULT_SEED ?? 20261127);

/** PMF_FAULT_POINTS=a-b: only the points from a to b (a long sweep split over runs or machines). */
function pointRange(total: number): [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(process.env.PMF_FAULT_POINTS ?? '');
  return match ? [Number(match[1]), Math.min(total, Number(match[2]))] : [1, total];
}

/** Every k from 1 to total in full mode (or PMF_FAULT_POINTS's range); otherwise the first, the ones given, and the last. */
export function crashPoints(total: number, chosen: number[]): number[] {
  const [from, to] = pointRange(total);
  if (FULL) return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return [...new Set([1, ...chosen.filter((k) => k >= 1 && k <= total), total])].sort((a, b) => a - b);
}

/** A small seeded generator (mulberry32): the same seed gives the same moments. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded moments inside a run of `total` commands: after which command, and how many ms later (up to 3 s). */
export function moments(count: number, total: number, random: () => number): { at: number; delayMs: number }[] {
  // Not after the last command: the run may end within the delay.
  return Array.from({ length: count }, () => ({ at: 1 + Math.floor(random() * Math.max(1, total - 1)), delayMs: Math.floor(random() * 3000) }));
}

/** How many of a plan's signals to send: PMF_FAULT_SIGNALS caps them (0 for none). */
export function signalPlan<T>(plan: readonly T[]): T[] {
  const cap = process.env.PMF_FAULT_SIGNALS;
  return cap === undefined ? [...plan] : plan.slice(0, Number(cap));
}
