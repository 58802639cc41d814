/** The figures of a fuzzing run, by class of file, and the table they are printed as. */
import { formatTable } from '../../../source/engine/output-table.js';
import type { Prepared } from './cases.js';
import type { Verdict } from './judge.js';
import type { Outcome } from './run-cli.js';

export interface FileResult {
  prepared: Prepared;
  validate: Outcome;
  run: Outcome;
  verdicts: Verdict[];
  /** Paths written outside the state directory (the sandbox included: every run is refused). */
  outside: string[];
  failures: string[];
}

interface Row {
  files: number;
  validateExits: Map<number, number>;
  runExits: Map<number, number>;
  named: number;
  stackTraces: number;
  internalPaths: number;
  libraryText: number;
  outside: number;
  timeouts: number;
  maxMs: number;
  maxMb: number;
}

const emptyRow = (): Row => ({ files: 0, validateExits: new Map(), runExits: new Map(), named: 0, stackTraces: 0, internalPaths: 0, libraryText: 0, outside: 0, timeouts: 0, maxMs: 0, maxMb: 0 });

function add(row: Row, result: FileResult): void {
  row.files += 1;
  row.validateExits.set(result.validate.exitCode, (row.validateExits.get(result.validate.exitCode) ?? 0) + 1);
  row.runExits.set(result.run.exitCode, (row.runExits.get(result.run.exitCode) ?? 0) + 1);
  if (result.verdicts.every((verdict) => verdict.namedAll)) row.named += 1;
  const any = (key: 'stackTrace' | 'internalPath' | 'libraryText') => (result.verdicts.some((verdict) => verdict[key]) ? 1 : 0);
  row.stackTraces += any('stackTrace');
  row.internalPaths += any('internalPath');
  row.libraryText += any('libraryText');
  if (result.outside.length) row.outside += 1;
  if (result.validate.timedOut || result.run.timedOut) row.timeouts += 1;
  row.maxMs = Math.max(row.maxMs, result.validate.ms, result.run.ms);
  row.maxMb = Math.max(row.maxMb, result.validate.mb, result.run.mb);
}

const exits = (counts: Map<number, number>) => [...counts].sort(([a], [b]) => a - b).map(([code, n]) => `${code}×${n}`).join(' ');

/** One line per class of file, then the totals. */
export function figuresTable(results: FileResult[]): string[] {
  const rows = new Map<string, Row>();
  const total = emptyRow();
  for (const result of results) {
    if (!rows.has(result.prepared.kind)) rows.set(result.prepared.kind, emptyRow());
    add(rows.get(result.prepared.kind)!, result);
    add(total, result);
  }
  const cells = (name: string, row: Row) => [
    name,
    String(row.files),
    exits(row.validateExits),
    exits(row.runExits),
    `${row.named}/${row.files}`,
    String(row.stackTraces),
    String(row.internalPaths),
    String(row.libraryText),
    String(row.outside),
    String(row.timeouts),
    `${Math.round(row.maxMs)} ms`,
    `${row.maxMb.toFixed(0)} MB`,
  ];
  const sorted = [...rows].sort(([a], [b]) => a.localeCompare(b));
  return formatTable({
    header: ['class of file', 'files', 'validate exits', 'run exits', 'named', 'stack traces', 'internal paths', 'library text', 'outside writes', 'timeouts', 'max time', 'max memory'],
    rows: [...sorted.map(([name, row]) => cells(name, row)), cells('all', total)],
  });
}
