import { Box, Text } from 'ink';
import type { OutputTable } from '../engine/step.js';
import type { NodeAnswer } from '../farm/answers.js';
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
  return `http://localhost:${node.httpPort}/mfpconsole`;
}

export interface SummaryData {
  durationMs: number;
  /** 0: every step done; 3: built, but the verification says no. */
  exitCode: number;
  nodes: NodeAnswer[];
  tables: SummaryTable[];
  /** Steps run and skipped, for one line of what happened. */
  counts: { done: number; skipped: number };
}

/** The final screen as lines: shown live with the offer, then kept above the prompt when the wizard ends. */
export function summaryLines({ durationMs, exitCode, nodes, tables, counts }: SummaryData): Array<{ text: string; tone: Tone }> {
  const lines: Array<{ text: string; tone: Tone }> = [];
  const ok = exitCode === 0;
  lines.push({
    text: `${ok ? '✔ Done' : '✖ Built, but the verification failed'} in ${seconds(durationMs)}: ${counts.done} step${counts.done === 1 ? '' : 's'} run, ${counts.skipped} already done.`,
    tone: ok ? 'ok' : 'error',
  });
  for (const { title, table } of tables) {
    lines.push({ text: '', tone: 'plain' }, { text: title, tone: 'title' }, ...formatTable(table).map((line) => ({ text: `  ${line}`, tone: 'plain' as Tone })));
  }
  if (nodes.length) {
    lines.push({ text: '', tone: 'plain' }, { text: nodes.length === 1 ? 'Console' : 'Consoles', tone: 'title' });
    for (const node of nodes) lines.push({ text: `  ${node.name.padEnd(8)} ${consoleUrl(node)}`, tone: 'plain' });
  }
  return lines;
}

export interface SummaryProps extends SummaryData {
  onChoice: (choice: 'save' | 'finish') => void;
  isActive?: boolean;
}

/** The end: what was done and in how long, the tables the steps gave, each node's console, and an offer to save the answers. */
export function Summary({ onChoice, isActive = true, ...data }: SummaryProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      {summaryLines(data).map((line, i) => (
        <Text key={i} wrap="truncate-end" {...toneProps(theme, line.tone)}>
          {line.text || ' '}
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
