import os from 'node:os';
import path from 'node:path';
import { placeWords } from '../engine/issue-words.js';
import { issuesOf, type Choice, type PartialAnswers, type Question } from '../engine/questions.js';
import type { NodeAnswer } from '../farm/answers.js';

/** Between what is typed and what the question's schema checks: no terminal, no I/O. */

/** The text an input starts with for a value (an answer given before, or the default). */
export function initialText(question: Question, value: unknown): string {
  if (question.secret || value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return '';
}

/** A number when the text is one; otherwise the text itself, so the schema says what the answers file would say. */
export function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The value a typed text stands for: undefined means "left empty" (allowed for optional questions). */
export function parseTyped(question: Question, text: string, baseDir: string): unknown {
  if (question.kind === 'password') return text === '' && question.optional ? undefined : text;
  const trimmed = text.trim();
  if (trimmed === '' && question.optional) return undefined;
  switch (question.kind) {
    case 'port':
    case 'number':
      return trimmed === '' ? undefined : numberOrText(trimmed);
    case 'path': {
      if (trimmed === '') return '';
      const expanded = trimmed === '~' || trimmed.startsWith('~/') ? path.join(os.homedir(), trimmed.slice(1)) : trimmed;
      // The answers file resolves relative paths against its own directory: the same here.
      return path.resolve(baseDir, expanded);
    }
    default:
      return text;
  }
}

/** The choices of a select for the answers so far (none known: every declared one), else the values of its enum schema. */
export function choicesOf(question: Question, answers: PartialAnswers = {}): Choice[] {
  const declared = typeof question.choices === 'function' ? question.choices(answers) : question.choices;
  if (declared?.length) return declared;
  const options = (question.schema as { options?: unknown }).options;
  return Array.isArray(options) ? options.filter((o) => typeof o === 'string').map((o) => ({ value: o, label: o })) : [];
}

export function describeNodes(nodes: NodeAnswer[]): string {
  return nodes.map((n) => `${n.name} (${n.httpPort}/${n.httpsPort})`).join(', ');
}

/** An answer as the screen shows it: secrets never. */
export function displayValue(question: Question, value: unknown): string {
  if (question.secret) {
    if (value && typeof value === 'object' && 'env' in value) return `from environment variable ${String((value as { env: unknown }).env)}`;
    if (value && typeof value === 'object' && 'file' in value) return `from file ${String((value as { file: unknown }).file)}`;
    return value === undefined ? '(not set)' : '••••••';
  }
  if (value === undefined) return '(not set)';
  if (question.kind === 'confirm') return value === true ? 'yes' : value === false ? 'no' : String(value);
  if (question.kind === 'select') return choicesOf(question).find((c) => c.value === value)?.label ?? String(value);
  if (question.kind === 'nodes' && Array.isArray(value)) return describeNodes(value as NodeAnswer[]);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export type NodeField = 'name' | 'httpPort' | 'httpsPort';

/**
 * What node `index` is offered after the nodes `before` it: the next name, and the ports after the
 * previous node's (30081/30444 → 30082/30445), skipping a name or a port the farm already uses
 * and the ports something on this machine listens on (`busy`).
 */
export function nodeDefaults(index: number, before: readonly NodeAnswer[] = [], busy: ReadonlySet<number> = new Set()): NodeAnswer {
  const previous = before[before.length - 1];
  const names = new Set(before.map((node) => node.name));
  const used = new Set(before.flatMap((node) => [node.httpPort, node.httpsPort]));
  const free = (from: number) => {
    let port = from;
    while (used.has(port) || busy.has(port)) port += 1;
    used.add(port);
    return port;
  };
  let number = index + 1;
  while (names.has(`pmf${number}`)) number += 1;
  const httpPort = free(previous ? previous.httpPort + 1 : 9080 + index);
  return { name: `pmf${number}`, httpPort, httpsPort: free(previous ? previous.httpsPort + 1 : 9443 + index) };
}

/**
 * The problem of one field of one node, checked with the whole nodes question's schema
 * (so "port 9080 is already pmf1's httpPort" comes from the same rule as in the answers file).
 */
export function nodeFieldProblem(question: Question, nodes: unknown[], index: number, field: NodeField): string | undefined {
  const issues = issuesOf(question.schema, nodes.slice(0, index + 1)).filter((issue) => issue.path[0] === index && (issue.path[1] === field || issue.path.length === 1));
  if (!issues.length) return undefined;
  return issues.map((issue) => `${placeWords(issue.path, nodes, question.path)}: ${issue.message}`).join('; ');
}
