/**
 * How many answers a first-time administrator gives, counted as keys are pressed: the wizard's own
 * flow (nextQuestion, which skips advanced questions) from nothing, Enter on every proposal, a
 * machine where PMF, Java, Ant and the JDBC driver are where discovery looks. A password typed
 * twice counts twice; the nodes cost what the nodes input's reducer needs; the review's "Start" one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAt, type PartialAnswers, type Question } from '../../source/engine/questions.js';
import { nextQuestion } from '../../source/ui/flow.js';
import { nodesChoices, nodesChosen, nodesInit, nodesReducer } from '../../source/ui/nodes-state.js';
import { choicesOf } from '../../source/ui/question-value.js';
import { steps } from '../../steps/index.js';
import { makeFoundMachine, type FoundMachine } from '../support/found-machine.js';

/** Enter on the proposed choice of the nodes input: one answer, whatever the number of nodes. */
function nodesByChoice(prefill: unknown, count: number): { value: unknown; answers: number } {
  const state = nodesInit(prefill);
  expect(nodesChosen(state)).toBe('1');
  const choice = nodesChoices(state).find((c) => c.value === String(count));
  if (!choice) throw new Error(`no proposal of ${count} nodes`);
  return { value: nodesReducer(state, { type: 'accept', count: Number(choice.value) }).nodes, answers: 1 };
}

interface Walk {
  asked: string[];
  answers: number;
  final: PartialAnswers;
}

/** Answers what the flow asks: the scripted value, else Enter on what it proposes. */
function walk(script: Record<string, unknown>, nodeCount: number): Walk {
  const raw: PartialAnswers = {};
  const asked = new Set<string>();
  const typedSecrets = new Set<string>();
  const order: string[] = [];
  let answers = 0;
  for (;;) {
    const flow = nextQuestion(raw, steps, { baseDir: '/', env: process.env, askAll: true, asked, typedSecrets });
    if (!flow.next) {
      expect(flow.resolution.problems).toEqual([]);
      expect(flow.unplaced).toEqual([]);
      return { asked: order, answers: answers + 1, final: flow.resolution.answers };
    }
    const { question, prefill, problem } = flow.next;
    expect(problem, `${question.path} was asked again`).toBeUndefined();
    expect(order, `${question.path} was asked twice`).not.toContain(question.path);
    const { value, cost } = answer(question, script, prefill, flow.resolution.answers, nodeCount);
    order.push(question.path);
    answers += cost;
    asked.add(question.path);
    if (question.secret) typedSecrets.add(question.path);
    if (value !== undefined) setAt(raw, question.path, value);
  }
}

function answer(question: Question, script: Record<string, unknown>, prefill: unknown, answers: PartialAnswers, nodeCount: number) {
  if (question.kind === 'nodes') {
    const nodes = nodesByChoice(prefill, nodeCount);
    return { value: nodes.value, cost: nodes.answers };
  }
  const cost = question.confirm ? 2 : 1;
  if (question.path in script) return { value: script[question.path], cost };
  if (question.kind === 'select' && prefill === undefined) return { value: choicesOf(question, answers)[0]?.value, cost };
  if (prefill === undefined) throw new Error(`${question.path} has nothing to accept: the script must answer it`);
  return { value: prefill, cost };
}

describe('answers a first-time administrator gives', () => {
  let m: FoundMachine;
  beforeEach(() => {
    m = makeFoundMachine();
    vi.stubEnv('HOME', m.home);
    vi.stubEnv('JAVA_HOME', m.javaHome);
    vi.stubEnv('DERBY_HOME', m.derbyHome);
    vi.stubEnv('CLASSPATH', m.mariadbJar);
    vi.stubEnv('PATH', m.path);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** Typed whatever the machine: a repository exists only here, the Liberty directory is this user's. */
  function typed(): Record<string, unknown> {
    const repository = path.join(m.root, 'liberty-repo');
    fs.mkdirSync(repository);
    fs.writeFileSync(path.join(repository, 'repository.config'), '');
    return { 'liberty.acceptLicense': true, 'liberty.repositoryDir': repository, 'liberty.installDir': path.join(m.root, 'wlp'), 'pmf.adminPassword': 'Console-pw-1' };
  }

  it('a single node on Derby: at most 8', () => {
    const derby = walk({ ...typed(), 'database.type': 'derby' }, 1);
    console.log(`Derby single node: ${derby.answers} answers; asked ${derby.asked.join(', ')} + Start`);
    expect(derby.asked.slice(-2)).toEqual(['database.type', 'pmf.adminPassword']);
    expect(derby.final).toMatchObject({ database: { type: 'derby', driverDir: path.join(m.derbyHome, 'lib') }, pmf: { installDir: m.pmf, antPath: m.ant, javaHome: m.javaHome } });
    expect(derby.answers).toBeLessThanOrEqual(8);
  });

  it('a farm of two on MySQL, the wizard creating the database: at most 14; Derby is not offered', () => {
    const farm = walk({ ...typed(), 'database.type': 'mysql', 'database.password': 'Db-user-pw1', 'database.admin.password': 'Db-root-pw1' }, 2);
    console.log(`MySQL farm of two: ${farm.answers} answers; asked ${farm.asked.join(', ')} + Start`);
    expect(farm.asked.slice(-7)).toEqual(['database.type', 'database.mode', 'database.host', 'database.port', 'database.password', 'database.admin.password', 'pmf.adminPassword']);
    expect(farm.final).toMatchObject({
      nodes: [
        { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
        { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
      ],
      database: { type: 'mysql', mode: 'create', admin: { user: 'root' }, driverDir: path.dirname(m.mariadbJar) },
    });
    const type = steps.flatMap((step) => step.questions).find((q) => q.path === 'database.type');
    expect(type && choicesOf(type, farm.final).map((c) => c.value)).toEqual(['mysql', 'db2', 'oracle']);
    expect(farm.answers).toBeLessThanOrEqual(14);
  });
});
