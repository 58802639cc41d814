import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { resolveAnswers } from '../../source/engine/answers.js';
import { applies, type Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';
import { databaseOf } from '../../source/farm/database.js';
import { nextQuestion } from '../../source/ui/flow.js';
import { choicesOf } from '../../source/ui/question-value.js';
import { createDatabaseDeclaration } from '../../steps/create-database/declaration.js';
import { databaseQuestions } from '../../steps/create-database/questions.js';

const byPath = (path: string) => databaseQuestions.find((q) => q.path === path) as Question;
const paths = databaseQuestions.map((q) => q.path);
const pmf1 = { name: 'pmf1', httpPort: 9080, httpsPort: 9443 };
const pmf2 = { name: 'pmf2', httpPort: 9081, httpsPort: 9444 };

const nodesStep: Step = {
  id: 'nodes',
  title: 'nodes',
  questions: [{ path: 'nodes', kind: 'nodes', schema: z.array(z.looseObject({ name: z.string() })), prompt: 'Nodes', help: 'The farm nodes.' }],
  isDone: async () => ({ done: true, detail: '' }),
  plan: async () => [],
  run: async () => {},
};

describe('the database questions, as a person thinks', () => {
  it('asks who creates the database right after its type, before the connection and the admin credentials', () => {
    expect(paths.slice(0, 4)).toEqual(['database.type', 'database.mode', 'database.host', 'database.port']);
    expect(paths.indexOf('database.mode')).toBeLessThan(paths.indexOf('database.admin.password'));
    expect(paths.indexOf('database.password')).toBeLessThan(paths.indexOf('database.admin.password'));
  });

  it('the admin’s credentials apply unless the DBA creates the database', () => {
    const admin = byPath('database.admin.password');
    expect(applies(admin, { database: { type: 'mysql', mode: 'create' } })).toBe(true);
    expect(applies(admin, { database: { type: 'mysql', mode: 'dba' } })).toBe(false);
    expect(applies(admin, { database: { type: 'mysql' } })).toBe(true);
    expect(applies(byPath('database.admin.user'), { database: { type: 'mysql', mode: 'dba', admin: { password: 'x-pw' } } })).toBe(false);
  });

  it('from nothing, "the wizard creates it" leads to the admin password, with no message before it is answered; left empty, it is asked again saying why', () => {
    const raw = { nodes: [pmf1, pmf2], database: { type: 'mysql', mode: 'create', host: 'localhost', port: 3306, password: 'User-pw-1', driverDir: '/j' } };
    const options = { baseDir: '/', env: {}, askAll: true, asked: new Set(Object.keys(raw.database).map((key) => `database.${key}`)), typedSecrets: new Set(['database.password']) };
    expect(nextQuestion(raw, [nodesStep, createDatabaseDeclaration], options).next).toMatchObject({ question: { path: 'database.admin.password' }, problem: undefined });
    options.asked.add('database.admin.password');
    expect(nextQuestion(raw, [nodesStep, createDatabaseDeclaration], options).next).toMatchObject({
      question: { path: 'database.admin.password' },
      problem: 'mode "create" needs the DBMS admin credentials',
    });
    const dba = { ...raw, database: { ...raw.database, mode: 'dba' } };
    expect(nextQuestion(dba, [nodesStep, createDatabaseDeclaration], options).next).toBeUndefined();
  });

  it('an answers file with the admin and no mode still means "create", without the admin "dba"', () => {
    const withAdmin = resolveAnswers(
      { nodes: [pmf1, pmf2], database: { type: 'mysql', password: 'User-pw-1', driverDir: '/j', admin: { password: 'Root-pw-1' } } },
      [nodesStep, createDatabaseDeclaration],
      { baseDir: '/' },
    );
    expect(withAdmin.problems).toEqual([]);
    expect(databaseOf(withAdmin)).toMatchObject({ mode: 'create', admin: { user: 'root', password: 'Root-pw-1' } });
    const without = resolveAnswers({ nodes: [pmf1, pmf2], database: { type: 'mysql', password: 'User-pw-1', driverDir: '/j' } }, [nodesStep, createDatabaseDeclaration], { baseDir: '/' });
    expect(databaseOf(without)).toMatchObject({ mode: 'dba', admin: undefined });
  });

  it('Derby is offered to a single node only; the list of a farm leaves it out', () => {
    const type = byPath('database.type');
    expect(choicesOf(type, { nodes: [pmf1] }).map((c) => c.value)).toEqual(['mysql', 'db2', 'oracle', 'derby']);
    expect(choicesOf(type, { nodes: [pmf1, pmf2] }).map((c) => c.value)).toEqual(['mysql', 'db2', 'oracle']);
    // Nothing known yet (an answer shown on its own): every value has its label.
    expect(choicesOf(type).map((c) => c.value)).toContain('derby');
  });
});
