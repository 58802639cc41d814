import { Static, Text, useStdout } from 'ink';
import { foldText, formatTable } from '../engine/output-table.js';
import type { LogLine } from './state.js';
import { useTheme } from './theme.js';
import { toneProps } from './tone.js';

/** What a line's continuation is indented by: its own indentation and its mark (·, ✔, -, │ ...). */
const HANGING = /^\s*(?:[·•✔✖↷⏸✗\-│|$]\s+)?/;

/**
 * A log line folded to the terminal's width by us, not by Ink: Ink's wrap keeps the space it
 * breaks at, so every continuation started with a stray space at the left edge. Here the break
 * drops the space and the continuation hangs under the line's text.
 */
export function foldLogLine(text: string, width: number): string[] {
  if ([...text].length <= width) return [text];
  const hang = Math.min(HANGING.exec(text)?.[0].length ?? 0, Math.floor(width / 2));
  const [first, ...rest] = foldText(text, width, width - hang);
  return [first, ...rest.map((part) => `${' '.repeat(hang)}${part}`)];
}

/** A log entry as the lines it takes at this width: a table folded cell by cell, a line under itself. */
export function logLines(line: LogLine, width: number): string[] {
  if (line.table) return formatTable(line.table.table, { indent: '    ', ...line.table.layout, width });
  return foldLogLine(line.text, width);
}

/** Finished lines: written once above the live part, never redrawn. */
export function LogView({ lines, columns }: { lines: LogLine[]; columns?: number }) {
  const theme = useTheme();
  const { stdout } = useStdout();
  const width = Math.max(20, columns ?? stdout.columns ?? 80);
  return (
    <Static items={lines}>
      {(line) => (
        <Text key={line.id} {...toneProps(theme, line.tone)}>
          {logLines(line, width).join('\n')}
        </Text>
      )}
    </Static>
  );
}
