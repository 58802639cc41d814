/**
 * DB2's command line processor: a script of statements in a mode-0600 temp file removed after
 * use (never in argv), run with `db2 -tvf`, and its echoed output split back into the answer of
 * each statement (message id, rows).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Runner } from '../../engine/runner.js';
import { tailOf } from '../process.js';
import { dbError } from './failure.js';
import type { DbIo } from './sql.js';

/** What one statement answered. */
export interface ClpResult {
  statement: string;
  /** The first message id: SQL1005N, DB20000I, ...; undefined when the output had none. */
  code?: string;
  /** The output of that statement. */
  text: string;
  /** Rows of a SELECT, as strings. */
  rows: string[][];
  /** Whether the statement ran (a stop on error leaves the rest out). */
  ran: boolean;
}

const MESSAGE = /\b(SQL\d{4,5}[NWC]|DB2\d{4,5}[IEW])\b/g;

export function firstCode(text: string): string | undefined {
  const codes = text.match(MESSAGE) ?? [];
  // DB21034E only says "processed as SQL"; the SQL code after it is the answer.
  return codes.find((c) => c.startsWith('SQL')) ?? codes[0];
}

export function isError(result: ClpResult | undefined): boolean {
  if (!result || !result.ran) return true;
  return result.code !== undefined && /[NE]$/.test(result.code);
}

/** The message line of a result, for lists and errors. */
export function messageOf(result: ClpResult | undefined): string {
  if (!result) return 'not run';
  if (!result.ran) return 'not run (an earlier statement failed)';
  const line = result.text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  const at = result.code ? line.indexOf(result.code) : -1;
  return (at >= 0 ? line.slice(at) : line).slice(0, 300);
}

function echoKey(statement: string): string {
  const cut = statement.search(/ USING (?!SYSTEM)/i);
  return (cut >= 0 ? statement.slice(0, cut + ' USING'.length) : statement).slice(0, 60);
}

function parseRows(text: string): string[][] {
  const lines = text.split('\n');
  const dash = lines.findIndex((l) => /^-+( +-+)*\s*$/.test(l));
  if (dash < 0) return [];
  const spans: Array<[number, number]> = [];
  const re = /-+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(lines[dash]))) spans.push([m.index, m.index + m[0].length]);
  const rows: string[][] = [];
  for (const line of lines.slice(dash + 1)) {
    if (!line.trim()) break;
    rows.push(spans.map(([from, to], i) => line.slice(from, i === spans.length - 1 ? undefined : to).trim()));
  }
  return rows;
}

/** Splits `db2 -tv` output into the answer of each statement (the CLP echoes each one first). */
export function parseClpOutput(output: string, statements: string[]): ClpResult[] {
  const lines = output.split('\n');
  const starts: number[] = [];
  let cursor = 0;
  for (const statement of statements) {
    const key = echoKey(statement);
    let found = -1;
    for (let j = cursor; j < lines.length; j++) {
      if (lines[j].trim().startsWith(key)) {
        found = j;
        break;
      }
    }
    starts.push(found);
    if (found >= 0) cursor = found + 1;
  }
  return statements.map((statement, i) => {
    const start = starts[i];
    if (start < 0) return { statement, text: '', rows: [], ran: false };
    const next = starts.slice(i + 1).find((s) => s >= 0);
    const text = lines.slice(start + 1, next ?? lines.length).join('\n');
    return { statement, text, code: firstCode(text), rows: parseRows(text), ran: true };
  });
}

export interface ScriptStatement {
  /** What is run (may hold a password). */
  sql: string;
  /** What is shown and logged. */
  shown: string;
}

/** What running a script needs. */
export interface ClpOptions {
  runner: Runner;
  /** The CLP; undefined when none was found. */
  clp?: string;
  io: DbIo;
}

export async function runClp(opts: ClpOptions, statements: ScriptStatement[], stopOnError: boolean, timeoutMs = 15 * 60_000): Promise<ClpResult[]> {
  if (!opts.clp) {
    throw dbError('no-client', 'The DB2 command line processor (db2) was not found: not on PATH nor in ~/sqllib/bin', {
      fix: 'Run on the DB2 server as the instance owner (the CLP is ~db2inst1/sqllib/bin/db2, or DB2_INSTALL_DIR/bin/db2). To check the PMF user without the CLP: npm install ibm_db.',
    });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-db2-'));
  const file = path.join(dir, 'script.sql');
  try {
    fs.writeFileSync(file, statements.map((s) => `${s.sql};\n`).join(''), { mode: 0o600 });
    for (const s of statements) opts.io.log(`db2> ${s.shown}`);
    const result = await opts.runner.run({ command: opts.clp, args: [stopOnError ? '-stvf' : '-tvf', file], timeoutMs });
    if (result.exitCode & 8) {
      throw dbError('client-failed', `The DB2 command line processor failed (exit ${result.exitCode})`, {
        command: `${opts.clp} -tvf <script>`,
        outputTail: tailOf(result.output),
        fix: 'Check that the db2 command works for this user (db2 "LIST DB DIRECTORY"), then run again.',
      });
    }
    return parseClpOutput(result.output, statements.map((s) => s.sql));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const plain = (sql: string): ScriptStatement => ({ sql, shown: sql });
export function withPassword(prefix: string, password: string): ScriptStatement {
  return { sql: `${prefix} USING ${password}`, shown: `${prefix} USING ****` };
}
