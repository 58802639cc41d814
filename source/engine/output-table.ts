import type { OutputTable } from './step.js';

export interface TableLayout {
  /** Put before every line (reports that sit under a heading indent their table). */
  indent?: string;
  /** A rule of ─ under the header (default: yes). */
  rule?: boolean;
  /** Print the header line (default: yes); a table of rows only has none. */
  header?: boolean;
  /**
   * The screen's width in columns: a row that would be wider has its widest cells folded onto
   * lines of their own column, instead of the terminal wrapping it to the left edge.
   */
  width?: number;
}

/** A column is never folded narrower than this (or than its widest cell, when that is less). */
const MIN_COLUMN = 12;
/** The last column keeps this much before the others are folded. */
const LAST_COLUMN = 24;

const length = (text: string) => [...text].length;

/**
 * Text folded to lines of at most `width` characters (`later` for the lines after the first): at a
 * space (which is dropped, so no line starts with one), else after a /, else after a , or ., else anywhere.
 */
export function foldText(text: string, width: number, later = width): string[] {
  const lines: string[] = [];
  let rest = [...text];
  let limit = Math.max(1, width);
  while (rest.length > limit) {
    const head = rest.slice(0, limit + 1);
    // Never at the spaces that indent the line.
    const lead = rest.findIndex((c) => c !== ' ');
    let cut = head.lastIndexOf(' ');
    let skip = 1;
    if (cut <= lead) {
      // After a / first: a path broken at its last dot would leave its extension alone on a line.
      const at = (marks: string[]) => Math.max(...marks.map((mark) => head.slice(0, limit).lastIndexOf(mark)));
      cut = (at(['/']) > lead ? at(['/']) : at([',', '.'])) + 1;
      skip = 0;
    }
    if (cut <= lead) cut = limit;
    lines.push(rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(cut + skip);
    while (rest[0] === ' ') rest = rest.slice(1);
    limit = Math.max(1, later);
  }
  lines.push(rest.join(''));
  return lines;
}

/**
 * The columns' widths: natural; when the row is too wide, the last column (free text, as a
 * "why") gives room first, down to LAST_COLUMN, then the widest, one character at a time.
 */
function columnWidths(natural: number[], room: number | undefined): number[] {
  const widths = [...natural];
  if (room === undefined) return widths;
  let excess = widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1) - room;
  const last = widths.length - 1;
  const give = Math.max(0, Math.min(excess, widths[last] - Math.min(widths[last], LAST_COLUMN)));
  widths[last] -= give;
  excess -= give;
  // The first column names the row (a property, a node): it is folded only when nothing else can give.
  const floor = natural.map((w, i) => (i === 0 ? w : Math.min(w, MIN_COLUMN)));
  excess = narrowWidest(widths, floor, excess);
  floor[0] = Math.min(natural[0], MIN_COLUMN);
  narrowWidest(widths, floor, excess);
  return widths;
}

/** Takes `excess` characters from the widest columns still above their floor; returns what is left. */
function narrowWidest(widths: number[], floor: number[], excess: number): number {
  while (excess > 0) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > floor[i] && (widest < 0 || w > widths[widest])) widest = i;
    });
    if (widest < 0) break;
    widths[widest] -= 1;
    excess -= 1;
  }
  return excess;
}

/** The one table formatter: a declared table as aligned text lines, folded to `width` when given. */
export function formatTable({ header, rows }: OutputTable, layout: TableLayout = {}): string[] {
  const { indent = '', rule = true, header: showHeader = true, width } = layout;
  const natural = header.map((h, i) => Math.max(showHeader ? length(h) : 0, ...rows.map((row) => length(row[i] ?? ''))));
  const widths = columnWidths(natural, width === undefined ? undefined : width - length(indent));
  const pad = (text: string, w: number) => text + ' '.repeat(Math.max(0, w - length(text)));
  const lines = (cells: string[]): string[] => {
    const folded = widths.map((w, i) => foldText(cells[i] ?? '', w));
    const height = Math.max(...folded.map((parts) => parts.length));
    return Array.from({ length: height }, (_, n) => `${indent}${folded.map((parts, i) => pad(parts[n] ?? '', widths[i])).join('  ')}`.trimEnd());
  };
  const top = showHeader ? [...lines(header), ...(rule ? [`${indent}${widths.map((w) => '─'.repeat(w)).join('  ')}`] : [])] : [];
  return [...top, ...rows.flatMap(lines)];
}
