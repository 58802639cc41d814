/** A step output's `table`, whatever its shape, as aligned text lines. */

export interface TextTable {
  header: string[];
  rows: string[][];
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Accepts [{col: value}], {columns|headers, rows: [[...]]} or [[header...], [row...]]. */
export function toTextTable(table: unknown): TextTable | undefined {
  if (Array.isArray(table)) {
    if (table.length === 0) return undefined;
    if (table.every((row) => Array.isArray(row))) {
      const [header, ...rows] = table as unknown[][];
      return { header: header.map(cell), rows: rows.map((row) => row.map(cell)) };
    }
    if (table.every((row) => row && typeof row === 'object')) {
      const header = [...new Set(table.flatMap((row) => Object.keys(row as object)))];
      return { header, rows: table.map((row) => header.map((key) => cell((row as Record<string, unknown>)[key]))) };
    }
    return undefined;
  }
  if (table && typeof table === 'object') {
    const t = table as { columns?: unknown; headers?: unknown; header?: unknown; rows?: unknown };
    const header = (t.columns ?? t.headers ?? t.header) as unknown;
    if (Array.isArray(header) && Array.isArray(t.rows)) {
      const names = header.map((h) => (h && typeof h === 'object' && 'title' in h ? cell((h as { title: unknown }).title) : cell(h)));
      const keys = header.map((h) => (h && typeof h === 'object' && 'key' in h ? String((h as { key: unknown }).key) : undefined));
      return {
        header: names,
        rows: (t.rows as unknown[]).map((row) => (Array.isArray(row) ? row.map(cell) : names.map((name, i) => cell((row as Record<string, unknown>)?.[keys[i] ?? name])))),
      };
    }
  }
  return undefined;
}

export function formatTable({ header, rows }: TextTable): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}
