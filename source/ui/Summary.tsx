import { Box, Text, useStdout } from 'ink';
import type { OutputTable } from '../engine/step.js';
import type { NodeAnswer } from '../farm/answers.js';
import { consoleUrls, type NextSteps } from '../farm/next-steps.js';
import { foldLogLine } from './LogView.js';
import { nextStepsLines } from './next-steps-lines.js';
import { Select } from './Select.js';
import { seconds, type Tone } from './state.js';
import { toneProps } from './tone.js';
import { formatTable } from '../engine/output-table.js';
import { useTheme } from './theme.js';

export interface SummaryTable {
  title: string;
  table: OutputTable;
}

export function consoleUrl(node: NodeAnswer): string {
  return consoleUrls(node).httpUrl;
}

export interface SummaryData {
  durationMs: number;
  /** 0: every step done; 3: built, but the verification says no. */
  exitCode: number;
  nodes: NodeAnswer[];
  tables: SummaryTable[];
  /** Steps run and skipped, for one line of what happened. */
  counts: { done: number; skipped: number };
  /** What to do now: the consoles, the login, the server commands, verify, the log. */
  next?: NextSteps;
}

type SummaryLine = { text: string; tone: Tone };

/** What happened, and the tables the steps gave: wide rows are cut at the screen's edge, not wrapped. */
function headLines({ durationMs, exitCode, tables, counts }: SummaryData): SummaryLine[] {
  const lines: SummaryLine[] = [];
  const ok = exitCode === 0;
  lines.push({
    text: `${ok ? '✔ Done' : '✖ Built, but the verification failed'} in ${seconds(durationMs)}: ${counts.done} step${counts.done === 1 ? '' : 's'} run, ${counts.skipped} already done.`,
    tone: ok ? 'ok' : 'error',
  });
  for (const { title, table } of tables) {
    lines.push({ text: '', tone: 'plain' }, { text: title, tone: 'title' }, ...formatTable(table).map((line) => ({ text: `  ${line}`, tone: 'plain' as Tone })));
  }
  return lines;
}

/** The next steps (or, without them, each node's console): commands wrap rather than lose their end. */
function nextLines({ nodes, next }: SummaryData): SummaryLine[] {
  if (next) return [{ text: '', tone: 'plain' }, ...nextStepsLines(next).map((text, i): SummaryLine => ({ text, tone: i === 0 ? 'title' : 'plain' }))];
  if (!nodes.length) return [];
  return [{ text: '', tone: 'plain' }, { text: nodes.length === 1 ? 'Console' : 'Consoles', tone: 'title' }, ...nodes.map((node): SummaryLine => ({ text: `  ${node.name.padEnd(8)} ${consoleUrl(node)}`, tone: 'plain' }))];
}

/** The final screen as lines: shown live with the offer, then kept above the prompt when the wizard ends. */
export function summaryLines(data: SummaryData): SummaryLine[] {
  return [...headLines(data), ...nextLines(data)];
}

export interface SummaryProps extends SummaryData {
  onChoice: (choice: 'save' | 'finish') => void;
  isActive?: boolean;
}

/** The end: what was done and in how long, the tables the steps gave, each node's console, and an offer to save the answers. */
export function Summary({ onChoice, isActive = true, ...data }: SummaryProps) {
  const theme = useTheme();
  const { stdout } = useStdout();
  const width = Math.max(20, stdout.columns || 80);
  return (
    <Box flexDirection="column">
      {headLines(data).map((line, i) => (
        <Text key={`head-${i}`} wrap="truncate-end" {...toneProps(theme, line.tone)}>
          {line.text || ' '}
        </Text>
      ))}
      {/* Folded here, not by Ink: a wrapped command goes on under its own start, not at column 0. */}
      {nextLines(data).map((line, i) => (
        <Text key={`next-${i}`} {...toneProps(theme, line.tone)}>
          {foldLogLine(line.text, width).join('\n') || ' '}
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        <Text>Save these answers as an answers file, to rebuild the same farm unattended?</Text>
        <Select
          options={[
            { value: 'save', label: 'Save the answers file (passwords as {"env": ...} references)' },
            { value: 'finish', label: 'Finish without saving' },
          ]}
          onSubmit={(value) => onChoice(value as 'save' | 'finish')}
          isActive={isActive}
        />
      </Box>
    </Box>
  );
}
