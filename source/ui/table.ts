/** A step output's `table`, whatever its shape, as aligned text lines. */

export interface TextTable {
  header: string[];
  rows: string[][];
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // A cell with its own short text ({ ok, cell, detail }).
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    for (const key of ['cell', 'text', 'label', 'value']) if (typeof v[key] === 'string' || typeof v[key] === 'number') return String(v[key]);
    if (typeof v.ok === 'boolean') return v.ok ? 'ok' : 'FAILED';
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/**
 * Accepts [{col: value}], {columns|headers, rows: [[...]]}, [[header...], [row...]], a record of
 * rows ({rowName: {col: cell}}), or a report holding one of those under `table` (with `nodes`
 * and `checks` giving the order, as the farm verification has).
 */
export function toTextTable(table: unknown): TextTable | undefined {
  if (Array.isArray(table)) {
    if (table.length === 0) return undefined;
    if (table.every((row) => Array.isArray(row))) {
      const [header, ...rows] = table as unknown[][];
      return { header: header.map(cell), rows: rows.map((row) => row.map(cell)) };
    }
    if (table.every((row) => row && typeof row === 'object')) {
      // A column of lists or nested objects (no text of their own) says nothing in a terminal table.
      const shown = (value: unknown) => value === null || typeof value !== 'object' || (!Array.isArray(value) && cell(value) !== JSON.stringify(value));
      const header = [...new Set(table.flatMap((row) => Object.keys(row as object)))].filter((key) =>
        table.some((row) => shown((row as Record<string, unknown>)[key])),
      );
      return { header, rows: table.map((row) => header.map((key) => cell((row as Record<string, unknown>)[key]))) };
    }
    return undefined;
  }
  if (isRecord(table) && table.rows === undefined && table.table !== undefined) {
    const inner = toTextTable(table.table);
    if (!inner || !isRecord(table.table) || Array.isArray(table.table)) return inner;
    // A record of rows inside a report: order rows and columns as the report says.
    const rowsOrder = Array.isArray(table.nodes) ? (table.nodes as unknown[]).map(String) : Object.keys(table.table);
    const colsOrder = Array.isArray(table.checks) ? (table.checks as unknown[]).map(String) : inner.header.slice(1);
    const records = table.table as Record<string, Record<string, unknown>>;
    return { header: [Array.isArray(table.nodes) ? 'node' : '', ...colsOrder], rows: rowsOrder.map((row) => [row, ...colsOrder.map((col) => cell(records[row]?.[col]))]) };
  }
  if (isRecord(table) && table.rows === undefined && Object.values(table).length && Object.values(table).every(isRecord)) {
    const records = table as Record<string, Record<string, unknown>>;
    const cols = [...new Set(Object.values(records).flatMap((row) => Object.keys(row)))];
    return { header: ['', ...cols], rows: Object.entries(records).map(([name, row]) => [name, ...cols.map((col) => cell(row[col]))]) };
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
