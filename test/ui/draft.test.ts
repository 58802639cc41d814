import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realServices } from '../../source/commands/interactive.js';
import { draftOf, draftPath } from '../../source/engine/draft.js';
import { AnswerTrail } from '../../source/ui/answer-trail.js';
import { draftNewerThan, fitLine } from '../../source/ui/review.js';
import { fakeQuestions, questionStep } from '../support/fake-steps.js';

describe('the draft of typed answers', () => {
  it('keeps only the typed answers, never a secret; the real services write it 0600 in a state dir they create, read it back, remove it', () => {
    const raw = { target: { dir: '/x', count: 3, password: 'hunter2-secret', mode: 'b' } };
    const draft = draftOf(raw, ['target.dir', 'target.count', 'target.password'], fakeQuestions, new Date('2026-01-02T03:04:05Z'));
    expect(draft).toEqual({ savedAt: '2026-01-02T03:04:05.000Z', answers: { target: { dir: '/x', count: 3 } } });
    const stateDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ui-draft-')), 'state', 'deep');
    const services = realServices({ steps: [questionStep()], raw: {}, baseDir: '/', stateDir, flags: {} as never, env: {}, resumeCommand: '', signal: new AbortController().signal });
    expect(services.loadDraft()).toBeUndefined();
    services.saveDraft(draft);
    expect(fs.statSync(draftPath(stateDir)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(stateDir)).toEqual(['draft-answers.json']);
    expect(services.loadDraft()).toEqual(draft);
    fs.writeFileSync(draftPath(stateDir), '{not json');
    expect(services.loadDraft()).toBeUndefined();
    services.removeDraft();
    expect(fs.existsSync(draftPath(stateDir))).toBe(false);
    services.removeDraft();
  });

  it('the real services refuse to overwrite an answers file unless told to', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-draft-'));
    const file = path.join(dir, 'a.json');
    const services = realServices({ steps: [], raw: {}, baseDir: '/', stateDir: dir, flags: {} as never, env: {}, resumeCommand: '', signal: new AbortController().signal });
    expect(services.saveAnswers(file, 'one')).toBeUndefined();
    expect(services.saveAnswers(file, 'two')).toBe('exists');
    expect(fs.readFileSync(file, 'utf8')).toBe('one');
    services.saveAnswers(file, 'three', { overwrite: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('three');
  });

  it('a draft counts only when newer than the checkpoint; the trail goes back in the order of the answers', () => {
    const draft = { savedAt: '2026-01-02T00:00:00.000Z', answers: {} };
    expect(draftNewerThan(draft, '2026-01-01T00:00:00.000Z')).toBe(draft);
    expect(draftNewerThan(draft, '2026-01-03T00:00:00.000Z')).toBeUndefined();
    expect(draftNewerThan(draft, undefined)).toBe(draft);
    const trail = new AnswerTrail();
    expect(trail.back('a')).toBeUndefined();
    for (const p of ['a', 'b', 'c']) trail.answered(p);
    expect(trail.back('d')).toBe('c');
    expect(trail.back('c')).toBe('b');
    expect([...trail.again].sort()).toEqual(['b', 'c', 'd']);
    trail.answered('b');
    expect([...trail.again].sort()).toEqual(['c', 'd']);
    expect(fitLine('abcdef', 4)).toBe('abc…');
    expect(fitLine('abc', 4)).toBe('abc');
  });
});
