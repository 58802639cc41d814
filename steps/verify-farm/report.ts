import { ExitCode, WizardError } from '../../source/engine/errors.js';
import { formatTable } from '../../source/engine/output-table.js';
import type { OutputTable } from '../../source/engine/step.js';

export const CHECKS = ['running', 'console', 'trust', 'ltpa', 'session', 'farm'] as const;
export type CheckName = (typeof CHECKS)[number];

export interface CheckCell {
  ok: boolean;
  /** Short text for the table cell. */
  cell: string;
  detail: string;
}

export interface FarmFailure {
  check: CheckName;
  node: string;
  /** For pair checks: the other node (A → B). */
  peer?: string;
  detail: string;
  /** What `pmf-wizard --resume` does about it (or what the person must do). */
  repair: string;
}

/** The verification's result: a node × check table and every failure with its repair. */
export interface FarmReport {
  healthy: boolean;
  nodes: string[];
  checks: readonly CheckName[];
  table: Record<string, Record<CheckName, CheckCell>>;
  failures: FarmFailure[];
  checkedAt: string;
  durationMs: number;
  attempts: number;
}

/** The node × check table of a report, as the person sees it. */
export function reportTable(report: FarmReport): OutputTable {
  return { header: ['node', ...report.checks], rows: report.nodes.map((node) => [node, ...report.checks.map((check) => report.table[node]?.[check]?.cell ?? '?')]) };
}

/** The table and the failures, as lines for a terminal. */
export function formatFarmReport(report: FarmReport): string[] {
  const out = [
    `Farm verification: ${report.nodes.length} node${report.nodes.length === 1 ? '' : 's'}, ${report.healthy ? 'healthy' : `${report.failures.length} failed check${report.failures.length === 1 ? '' : 's'}`} (${(report.durationMs / 1000).toFixed(1)} s)`,
    ...formatTable(reportTable(report), { indent: '  ', rule: false }),
  ];
  for (const failure of report.failures) {
    out.push(`  ✗ ${failure.check} ${failure.peer ? `${failure.node} → ${failure.peer}` : failure.node}: ${failure.detail}`);
    out.push(`      repair: ${failure.repair}`);
  }
  return out;
}

/** Exit 3: the farm was built but is not healthy; carries the report (its table is the output tail). */
export class FarmNotHealthy extends WizardError {
  readonly report: FarmReport;
  readonly outputTail: string;
  constructor(report: FarmReport, message: string, fix: string) {
    super(message, fix, ExitCode.verifyFailed);
    this.report = report;
    this.outputTail = formatFarmReport(report).join('\n');
  }
}

export function verifyFailure(report: FarmReport, resume = 'pmf-wizard --resume'): FarmNotHealthy {
  const named = [...new Set(report.failures.map((f) => `${f.check} ${f.peer ? `${f.node}→${f.peer}` : f.node}`))];
  const repairs = [...new Set(report.failures.map((f) => f.repair))];
  return new FarmNotHealthy(
    report,
    `The farm is built but not healthy: ${named.slice(0, 8).join(', ')}${named.length > 8 ? `, and ${named.length - 8} more` : ''}`,
    `${resume} repairs it: ${repairs.slice(0, 4).join('; ')}${repairs.length > 4 ? '; …' : ''}. Then \`pmf-wizard verify\` shows the table again.`,
  );
}
