import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../source/engine/errors.js';
import { formatFarmReport, verifyFailure, type FarmReport } from '../../../steps/verify-farm/index.js';

describe('the verification table', () => {
  const cell = (ok: boolean, text = ok ? 'ok' : 'FAIL') => ({ ok, cell: text, detail: '' });
  const report: FarmReport = {
    healthy: false,
    nodes: ['pmf1', 'pmf2'],
    checks: ['running', 'console', 'trust', 'ltpa', 'session', 'farm'],
    table: {
      pmf1: { running: cell(true), console: cell(true), trust: cell(false, 'FAIL→pmf2'), ltpa: cell(true), session: cell(true), farm: cell(false, 'UNREACHABLE') },
      pmf2: { running: cell(true), console: cell(true), trust: cell(true), ltpa: cell(true), session: cell(true), farm: cell(true, 'ALIVE') },
    },
    failures: [{ check: 'trust', node: 'pmf1', peer: 'pmf2', detail: "pmf1's keystore lacks pmf2's current certificate", repair: "pmf-wizard --resume imports pmf2's certificate into pmf1's keystore and restarts pmf1" }],
    checkedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1234,
    attempts: 1,
  };

  it('prints node × check, then each failure with its repair', () => {
    const lines = formatFarmReport(report);
    expect(lines[0]).toBe('Farm verification: 2 nodes, 1 failed check (1.2 s)');
    expect(lines[1]).toMatch(/^ {2}node\s+running\s+console\s+trust\s+ltpa\s+session\s+farm$/);
    expect(lines[2]).toMatch(/^ {2}pmf1\s+ok\s+ok\s+FAIL→pmf2\s+ok\s+ok\s+UNREACHABLE$/);
    expect(lines).toContain("  ✗ trust pmf1 → pmf2: pmf1's keystore lacks pmf2's current certificate");
    expect(lines).toContain("      repair: pmf-wizard --resume imports pmf2's certificate into pmf1's keystore and restarts pmf1");
  });

  it('fails the run with exit 3, naming the pair and the repair', () => {
    const error = verifyFailure(report);
    expect(error.exitCode).toBe(ExitCode.verifyFailed);
    expect(error.message).toContain('trust pmf1→pmf2');
    expect(error.fix).toContain("imports pmf2's certificate into pmf1's keystore");
  });
});
