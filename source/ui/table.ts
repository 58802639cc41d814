import type { OutputTable } from '../engine/step.js';

/** A declared table as aligned text lines: the header, a rule under it, then one line a row. */
export function formatTable({ header, rows }: OutputTable): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}
