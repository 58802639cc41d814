import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { resolveAnswers } from '../../source/engine/answers.js';
import { isAdvanced, questionForPath, setAt, type Question } from '../../source/engine/questions.js';
import { steps as allSteps } from '../../steps/index.js';
import type { Step } from '../../source/engine/step.js';
import { answersFileFor, envNameFor } from '../../source/ui/answers-file.js';
import { changeableQuestions, mergeAnswers, nextQuestion, stoppedAt } from '../../source/ui/flow.js';
import { displayValue, nodeFieldProblem, parseTyped } from '../../source/ui/question-value.js';
import { formatTable } from '../../source/engine/output-table.js';
import { installLibertyQuestions } from '../../steps/install-liberty/questions.js';
import { questionStep } from '../support/fake-steps.js';

const none = new Set<string>();
const opts = (askAll: boolean, asked = none, typedSecrets = none) => ({ baseDir: '/base', env: {}, askAll, asked, typedSecrets });

function stepWith(id: string, questions: Question[], validate?: Step['validate']): Step {
  return { id, title: `Step ${id}`, questions, validate, isDone: async () => ({ done: false, detail: '' }), plan: async () => [], run: async () => {} };
}

describe('which question comes next', () => {
  it('from nothing, asks every question that applies, in order, defaults prefilled; `when` follows the answers', () => {
    const steps = [questionStep()];
    let flow = nextQuestion({}, steps, opts(true));
    expect(flow.next).toMatchObject({ question: { path: 'target.dir' }, prefill: undefined, remaining: 4 });
    flow = nextQuestion({ target: { dir: '/x' } }, steps, opts(true));
    expect(flow.next).toMatchObject({ question: { path: 'target.count' }, prefill: 2 });
    flow = nextQuestion({ target: { dir: '/x', count: 3, password: 'secret-1', mode: 'b' } }, steps, opts(true));
    expect(flow.next?.question.path).toBe('target.extra');
    flow = nextQuestion({ target: { dir: '/x', count: 3, password: 'secret-1', mode: 'a' } }, steps, opts(true));
    expect(flow.next).toBeUndefined();
    expect(flow.resolution.answers).toMatchObject({ target: { dir: '/x', count: 3, mode: 'a' } });
  });

  it('with a partial answers file, asks only what is missing; a bad value is asked again with its message', () => {
    const steps = [questionStep()];
    let flow = nextQuestion({ target: { dir: '/x' } }, steps, opts(false));
    expect(flow.next).toMatchObject({ question: { path: 'target.password' }, remaining: 1 });
    flow = nextQuestion({ target: { dir: '/x', count: 0, password: 'secret-1' } }, steps, opts(false));
    expect(flow.next).toMatchObject({ question: { path: 'target.count' }, prefill: 0, problem: 'must be at least 1' });
  });

  it('a secret typed here is not reported as "in clear in the answers file", and is never prefilled', () => {
    const steps = [questionStep()];
    const raw = { target: { dir: '/x', password: 'secret-1' } };
    expect(nextQuestion(raw, steps, opts(false)).resolution.warnings).toHaveLength(1);
    expect(nextQuestion(raw, steps, opts(false, none, new Set(['target.password']))).resolution.warnings).toHaveLength(0);
    const again = nextQuestion({ target: { dir: '/x', password: 'short' } }, steps, opts(false));
    expect(again.next).toMatchObject({ question: { path: 'target.password' }, prefill: undefined, problem: 'must have at least 6 characters' });
  });

  it('an optional question left empty is not asked twice', () => {
    const optional: Question = { path: 'a.note', kind: 'text', schema: z.string(), prompt: 'Note', help: 'h', optional: true };
    const steps = [stepWith('s', [optional])];
    expect(nextQuestion({}, steps, opts(true)).next?.question.path).toBe('a.note');
    expect(nextQuestion({}, steps, opts(true, new Set(['a.note']))).next).toBeUndefined();
  });

  it('places a cross-field problem on its question, and reports one no question owns', () => {
    const q: Question = { path: 'a.port', kind: 'port', schema: z.number(), prompt: 'Port', help: 'h' };
    const steps = [stepWith('s', [q], () => [{ path: 'a.port', message: 'is taken', fix: 'f' }, { path: 'elsewhere', message: 'bad', fix: 'f' }])];
    const flow = nextQuestion({ a: { port: 1 } }, steps, opts(false));
    expect(flow.next).toMatchObject({ question: { path: 'a.port' }, problem: 'is taken' });
    expect(flow.unplaced).toEqual([{ path: 'elsewhere', message: 'bad', fix: 'f' }]);
    expect(questionForPath([q], 'a.port[1].x')?.path).toBe('a.port');
  });

  it('finds where a checkpoint stopped, what may be changed, and merges answers', () => {
    const steps = [stepWith('one', []), stepWith('two', [installLibertyQuestions[0]]), stepWith('three', [])];
    const checkpoint = { schemaVersion: 1, createdAt: '', updatedAt: '', runs: 1, answers: {}, steps: { one: { status: 'done' as const }, two: { status: 'failed' as const } } };
    expect(stoppedAt(checkpoint, steps)).toMatchObject({ index: 1, step: { id: 'two' }, record: { status: 'failed' } });
    expect(stoppedAt({ ...checkpoint, steps: { one: { status: 'done' }, two: { status: 'skipped' }, three: { status: 'done' } } }, steps)).toBeUndefined();
    const liberty = stepWith('lib', installLibertyQuestions);
    const resolution = resolveAnswers({ liberty: { installMethod: 'archive' } }, [liberty], { baseDir: '/' });
    const paths = changeableQuestions([liberty], resolution, 'lib').map((q) => q.path);
    expect(paths).toContain('liberty.archive');
    expect(paths).not.toContain('liberty.repositoryDir');
    expect(mergeAnswers({ a: { b: 1, c: 2 }, n: [1, 2] }, { a: { c: 3 }, n: [9] })).toEqual({ a: { b: 1, c: 3 }, n: [9] });
  });
});

describe('values and the answers file', () => {
  it('parses typed text like the answers file: relative paths against the base dir, numbers, empty optional', () => {
    const [, , imclPath] = installLibertyQuestions;
    expect(parseTyped(imclPath, 'tools/imcl', '/base')).toBe('/base/tools/imcl');
    expect(parseTyped(imclPath, '~/imcl', '/base')).toBe(path.join(os.homedir(), 'imcl'));
    const port: Question = { path: 'p', kind: 'port', schema: z.number(), prompt: 'p', help: 'h' };
    expect(parseTyped(port, ' 9080 ', '/')).toBe(9080);
    expect(parseTyped(port, 'abc', '/')).toBe('abc');
    const optional: Question = { path: 'o', kind: 'text', schema: z.string(), prompt: 'o', help: 'h', optional: true };
    expect(parseTyped(optional, '  ', '/')).toBeUndefined();
    expect(displayValue({ ...optional, secret: true }, 'hunter2')).toBe('••••••');
    expect(displayValue(installLibertyQuestions[1], 'imcl')).toMatch(/Installation Manager/);
  });

  it('checks a node field with the same rule as the answers file', () => {
    const nodes = installLibertyQuestions.find((q) => q.path === 'nodes')!;
    const list = [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }, { name: 'pmf2', httpPort: 9080, httpsPort: 9444 }];
    expect(nodeFieldProblem(nodes, list, 1, 'httpPort')).toBe("pmf2's HTTP port: port 9080 is already pmf1's HTTP port");
    expect(nodeFieldProblem(nodes, list, 1, 'name')).toBeUndefined();
    expect(nodeFieldProblem(nodes, [{ name: '-x', httpPort: 1, httpsPort: 2 }], 0, 'name')).toMatch(/^node 1's name: may hold letters/);
  });

  it('writes typed secrets as {"env": NAME} references, keeps given references, never the value', () => {
    expect(envNameFor('pmf.adminPassword')).toBe('PMF_ADMIN_PASSWORD');
    expect(envNameFor('database.admin.password')).toBe('DATABASE_ADMIN_PASSWORD');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-flow-'));
    const steps = [questionStep()];
    const typed = resolveAnswers({ target: { dir: '/x', password: 'hunter2-secret' } }, steps, { baseDir: dir });
    const file = answersFileFor(typed, steps);
    expect(file.content).toEqual({ target: { dir: '/x', count: 2, mode: 'a', password: { env: 'TARGET_PASSWORD' } } });
    expect(JSON.stringify(file.content)).not.toContain('hunter2');
    expect(file.envVars).toEqual(['TARGET_PASSWORD']);
    const byRef = resolveAnswers({ target: { dir: '/x', password: { env: 'MY_PW' } } }, steps, { baseDir: dir, env: { MY_PW: 'hunter2-secret' } });
    expect(answersFileFor(byRef, steps)).toEqual({ content: { target: { dir: '/x', count: 2, mode: 'a', password: { env: 'MY_PW' } } }, envVars: [] });
  });

  it('renders a declared step output table as it is: header, rule, aligned rows', () => {
    expect(formatTable({ header: ['node', 'state'], rows: [['pmf1', 'running'], ['pmf2', 'stopped']] })).toEqual(['node  state', '────  ───────', 'pmf1  running', 'pmf2  stopped']);
    // The farm verification's table: a row a node, a column a check.
    const report = { header: ['node', 'running', 'trust'], rows: [['pmf1', 'ok', '0/1'], ['pmf2', 'ok', '1/1']] };
    expect(formatTable(report)).toEqual(['node  running  trust', '────  ───────  ─────', 'pmf1  ok       0/1', 'pmf2  ok       1/1']);
  });
});

describe('advanced questions and the counter', () => {
  const port: Question = { path: 'a.port', kind: 'port', schema: z.int().check(z.minimum(1)), prompt: 'Port', help: 'h', default: 9080, advanced: true };
  const name: Question = { path: 'a.name', kind: 'text', schema: z.string().check(z.minLength(1)), prompt: 'Name', help: 'h', advanced: true };
  const note: Question = { path: 'a.note', kind: 'text', schema: z.string(), prompt: 'Note', help: 'h', default: 'n' };

  it('from nothing an advanced question takes its default, unless it has no default or its value is bad; Esc brings answered ones back', () => {
    const steps = [stepWith('s', [port, name, note])];
    expect(nextQuestion({}, steps, opts(true)).next).toMatchObject({ question: { path: 'a.name' }, remaining: 2 });
    expect(nextQuestion({ a: { name: 'x' } }, steps, opts(true, new Set(['a.name']))).next).toMatchObject({ question: { path: 'a.note' }, remaining: 1 });
    expect(nextQuestion({ a: { name: 'x', port: 0 } }, steps, opts(true, new Set(['a.name']))).next).toMatchObject({ question: { path: 'a.port' }, prefill: 0 });
    const again = { ...opts(true, new Set(['a.name', 'a.note'])), again: new Set(['a.name']) };
    expect(nextQuestion({ a: { name: 'x', note: 'm' } }, steps, again).next).toMatchObject({ question: { path: 'a.name' }, prefill: 'x', remaining: 1 });
  });

  it('along a whole Derby single-node answering sequence, "remaining" counts exactly the questions still asked, never an advanced one', () => {
    const pmf = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-flow-pmf-'));
    fs.mkdirSync(path.join(pmf, 'MobileFoundationServer', 'configuration-samples'), { recursive: true });
    const typed: Record<string, unknown> = { 'liberty.acceptLicense': true, 'database.type': 'derby', 'pmf.installDir': pmf, 'pmf.adminPassword': 'Secret-123' };
    const raw: Record<string, unknown> = {};
    const asked = new Set<string>();
    const seen: Array<{ path: string; remaining: number; advanced: boolean }> = [];
    for (let flow = nextQuestion(raw, allSteps, opts(true, asked)); flow.next && seen.length < 40; flow = nextQuestion(raw, allSteps, opts(true, asked))) {
      const { question, prefill, remaining } = flow.next;
      seen.push({ path: question.path, remaining, advanced: isAdvanced(question, flow.resolution.answers) });
      // Enter keeps each proposal; the answers a person must type are typed.
      const value = question.path in typed ? typed[question.path] : prefill;
      if (value !== undefined) setAt(raw, question.path, value);
      asked.add(question.path);
    }
    expect(nextQuestion(raw, allSteps, opts(true, asked)).next).toBeUndefined();
    expect(seen.filter((s) => s.advanced)).toEqual([]);
    const type = seen.findIndex((s) => s.path === 'database.type');
    expect(type).toBeGreaterThan(0);
    // From the database type on (Derby chosen) the counter is exact; before it, it counts what the proposals lead to.
    seen.forEach((s, i) => {
      if (i > type) expect(s.remaining, s.path).toBe(seen.length - i);
      if (i > 0 && i <= type) expect(seen[i - 1].remaining - s.remaining, s.path).toBe(1);
    });
    expect(seen.length).toBeLessThanOrEqual(8);
  });
});
