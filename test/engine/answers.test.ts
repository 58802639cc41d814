import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingProblems, resolveAnswers } from '../../source/engine/answers.js';
import { problemWith } from '../../source/engine/questions.js';
import { questionStep, fakeQuestions } from '../support/fake-steps.js';

const steps = [questionStep()];
const base = { baseDir: '/srv/answers', env: { PW: 'secret-from-env' } };

describe('resolveAnswers', () => {
  it('applies defaults, resolves env secrets and keeps only references for the checkpoint', () => {
    const r = resolveAnswers({ target: { dir: 'rel/dir', password: { env: 'PW' } } }, steps, base);
    expect(r.problems).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.answers).toEqual({ target: { dir: '/srv/answers/rel/dir', count: 2, password: 'secret-from-env', mode: 'a' } });
    expect(r.persisted).toEqual({ target: { dir: '/srv/answers/rel/dir', count: 2, password: { env: 'PW' }, mode: 'a' } });
    expect(r.secrets).toEqual(['secret-from-env']);
    expect(JSON.stringify(r.persisted)).not.toContain('secret-from-env');
  });

  it('reads a file secret and warns about a secret written in clear, which is never persisted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'answers-'));
    fs.writeFileSync(path.join(dir, 'pw'), 'from-file-123\nignored\n');
    const fromFile = resolveAnswers({ target: { dir: '/x', password: { file: 'pw' } } }, steps, { baseDir: dir });
    expect(fromFile.answers.target).toMatchObject({ password: 'from-file-123' });
    const clear = resolveAnswers({ target: { dir: '/x', password: 'in-clear-123' } }, steps, base);
    expect(clear.warnings).toEqual([expect.stringContaining('target.password is written in clear')]);
    expect(JSON.stringify(clear.persisted)).not.toContain('in-clear-123');
  });

  it('reports every problem at once with its path and fix', () => {
    const r = resolveAnswers(
      { target: { dir: 5, count: 0, password: { file: '/nonexistent/pw' }, mode: 'c', colour: 'red' }, targte: {} },
      steps,
      base,
    );
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath).sort()).toEqual(['target.colour', 'target.count', 'target.dir', 'target.mode', 'target.password', 'targte'].sort());
    expect(byPath['target.count'].message).toBe('must be at least 1');
    expect(byPath['target.password'].message).toContain('cannot read secret file /nonexistent/pw');
    expect(byPath['targte'].fix).toBe('Did you mean "target"?');
    expect(byPath['target.colour'].message).toBe('unknown key');
    expect(byPath['target.dir'].fix).toBe('Where files go.');
  });

  it('suggests the nested key that was meant', () => {
    const r = resolveAnswers({ target: { dir: '/x', password: 'abcdefg', modee: 'a' } }, steps, base);
    expect(r.problems).toEqual([{ path: 'target.modee', message: 'unknown key', fix: 'Did you mean "target.mode"?' }]);
  });

  it('lists missing answers separately, and asks conditional ones only when they apply', () => {
    const r = resolveAnswers({ target: { mode: 'b' } }, steps, base);
    expect(r.missing.map((q) => q.path)).toEqual(['target.dir', 'target.password', 'target.extra']);
    expect(missingProblems(r.missing)[0]).toEqual({ path: 'target.dir', question: 'Target', message: 'missing', fix: 'Set target.dir: Where files go.' });
    const unset = resolveAnswers({ target: { dir: '/x', password: { env: 'NOPE' } } }, steps, base);
    expect(unset.problems).toEqual([expect.objectContaining({ path: 'target.password', message: 'environment variable NOPE is not set' })]);
  });

  it('gives the form and the file the same message for the same value', () => {
    const count = fakeQuestions.find((q) => q.path === 'target.count')!;
    const r = resolveAnswers({ target: { dir: '/x', password: 'abcdefg', count: 0 } }, steps, base);
    expect(r.problems[0].message).toBe(problemWith(count, 0));
  });

  it('warns about an answer that does not apply, instead of dropping it silently', () => {
    const r = resolveAnswers({ target: { dir: '/x', password: 'abcdefg', extra: 'only in b' } }, steps, base);
    expect(r.problems).toEqual([]);
    expect(r.warnings).toContain('target.extra is set but not used with these answers: it is ignored.');
  });

  it('rejects answers that are not an object', () => {
    expect(resolveAnswers([], steps, base).problems[0].path).toBe('$');
  });
});
