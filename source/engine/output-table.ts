import type { OutputTable } from './step.js';

export interface TableLayout {
  /** Put before every line (reports that sit under a heading indent their table). */
  indent?: string;
  /** A rule of ─ under the header (default: yes). */
  rule?: boolean;
  /** Print the header line (default: yes); a table of rows only has none. */
  header?: boolean;
}

/** The one table formatter: a declared table as aligned text lines. */
export function formatTable({ header, rows }: OutputTable, layout: TableLayout = {}): string[] {
  const { indent = '', rule = true, header: showHeader = true } = layout;
  const widths = header.map((h, i) => Math.max(showHeader ? h.length : 0, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `${indent}${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
  const top = showHeader ? [line(header), ...(rule ? [`${indent}${widths.map((w) => '─'.repeat(w)).join('  ')}`] : [])] : [];
  return [...top, ...rows.map(line)];
}
