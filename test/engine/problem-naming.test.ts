import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { missingProblems, readAnswersFile, resolveAnswers } from '../../source/engine/answers.js';
import { InputError } from '../../source/engine/errors.js';
import { namingQuestions, problemsWith, questionForPath, type Question } from '../../source/engine/questions.js';
import { steps } from '../../steps/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'problem-naming-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const q = (at: string, prompt: string): Question => ({ path: at, kind: 'text', schema: z.string(), prompt, help: 'h' });
const questions = [q('nodes', 'Farm nodes'), q('database.admin.password', 'Admin password'), q('database.admin', 'not a real question, a shorter prefix')];

describe('the question a problem belongs to', () => {
  it('is its own question, else the nearest one above its path; none for a key no question declares', () => {
    expect(questionForPath(questions, 'nodes')?.prompt).toBe('Farm nodes');
    expect(questionForPath(questions, 'nodes[1].httpsPort')?.prompt).toBe('Farm nodes');
    expect(questionForPath(questions, 'database.admin.password')?.prompt).toBe('Admin password');
    expect(questionForPath(questions, 'nodesx')).toBeUndefined();
    expect(questionForPath(questions, 'liberty.instalDir')).toBeUndefined();
  });

  it('gives each problem the prompt, keeps one a problem already has, and leaves the others as they are', () => {
    const named = namingQuestions(
      [
        { path: 'nodes[0].name', message: 'm', fix: 'f' },
        { path: 'nodes', message: 'm', fix: 'f', question: 'Kept' },
        { path: '$', message: 'm', fix: 'f' },
      ],
      questions,
    );
    expect(named).toEqual([
      { path: 'nodes[0].name', message: 'm', fix: 'f', question: 'Farm nodes' },
      { path: 'nodes', message: 'm', fix: 'f', question: 'Kept' },
      { path: '$', message: 'm', fix: 'f' },
    ]);
  });

  it('places a problem of a list below the question in the answers file’s own form, nodes[0].httpsPort', () => {
    const nodes = steps.flatMap((step) => step.questions).find((question) => question.path === 'nodes')!;
    expect(problemsWith(nodes, [{ name: 'pmf1', httpPort: 9080, httpsPort: 9080 }])).toEqual([expect.objectContaining({ path: 'nodes[0].httpsPort', message: "port 9080 is already pmf1's HTTP port" })]);
    expect(problemsWith(nodes, [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443, port: 1 }])).toEqual([expect.objectContaining({ path: 'nodes[0]', message: 'has an unknown key: port' })]);
  });
});

describe('every problem of the answers names its question as asked', () => {
  const promptOf = (at: string) => steps.flatMap((step) => step.questions).find((question) => question.path === at)!.prompt;
  const sample = () => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/answers/farm-2-mysql.json'), 'utf8')) as Record<string, any>;

  it('schema checks, secret references, node fields, cross-field checks and missing answers', () => {
    const raw = sample();
    raw.liberty = { acceptLicense: true, installMethod: 'archive', archive: path.join(dir, 'no-such.zip') };
    raw.database.admin = { password: 5 };
    raw.pmf.adminPassword = { env: 'PMF_NAMING_UNSET' };
    raw.database.user = 'u'.repeat(33);
    raw.nodes[0].httpsPort = raw.nodes[0].httpPort;
    const resolution = resolveAnswers(raw, steps, { baseDir: dir, env: {} });
    const questionOf = Object.fromEntries(resolution.problems.map((problem) => [problem.path, problem.question]));
    expect(questionOf).toMatchObject({
      'liberty.archive': promptOf('liberty.archive'),
      'database.admin.password': promptOf('database.admin.password'),
      'pmf.adminPassword': promptOf('pmf.adminPassword'),
      'nodes[0].httpsPort': promptOf('nodes'),
    });
    delete raw.liberty.acceptLicense;
    raw.database.admin = { password: 'Adm1n-pw' };
    raw.pmf.adminPassword = 'the-admin-pw';
    const again = resolveAnswers(raw, steps, { baseDir: dir, env: {} });
    expect(again.problems.find((problem) => problem.path === 'database.user')?.question).toBe(promptOf('database.user'));
    expect(again.problems.find((problem) => problem.message.includes('contains the user name'))?.question).toBe(promptOf('pmf.adminPassword'));
    expect(missingProblems(again.missing)).toEqual([expect.objectContaining({ path: 'liberty.acceptLicense', question: promptOf('liberty.acceptLicense') })]);
  });

  it('a cross-field check: Derby for a farm names the database question', () => {
    const raw = sample();
    raw.database = { type: 'derby' };
    const resolution = resolveAnswers(raw, steps, { baseDir: dir, env: { PMF_ADMIN_PASSWORD: 'Good-pw-123' } });
    expect(resolution.problems.find((problem) => problem.path === 'database.type')).toMatchObject({ question: promptOf('database.type'), message: expect.stringContaining('Derby cannot be used for a farm') });
  });
});

describe('the answers file', () => {
  it('may start with a UTF-8 byte order mark, as Notepad writes it', () => {
    const file = path.join(dir, 'bom.json');
    fs.writeFileSync(file, '\ufeff{"nodes": []}');
    expect(readAnswersFile(file)).toEqual({ nodes: [] });
  });

  it('still refuses one that is not JSON, naming the file', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '\ufeff{"nodes": ');
    expect(() => readAnswersFile(file)).toThrow(InputError);
    try {
      readAnswersFile(file);
    } catch (error) {
      expect((error as InputError).problems[0].message).toContain(file);
    }
  });
});
