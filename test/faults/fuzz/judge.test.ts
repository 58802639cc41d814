/** The fuzzing's own checks catch what they are there for: each one fails on an outcome that breaks it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot, written } from './box.js';
import type { Prepared } from './cases.js';
import { judge } from './judge.js';
import { questionAt } from './questions.js';
import type { Outcome } from './run-cli.js';

const prepared: Prepared = { kind: 'wrong type', detail: 'test', valid: false, device: true, expects: [{ question: 'nodes' }], answersFile: '/x/answers.json' };
const prompt = questionAt('nodes').prompt;
const outcome = (output: string, more: Partial<Outcome> = {}): Outcome => ({ exitCode: 2, output, ms: 300, cpuMs: 200, mb: 50, timedOut: false, ...more });
const failuresOf = (o: Outcome) => judge('validate', prepared, o, 2, prepared.expects).failures;

describe('the checks of the fuzzing', () => {
  it('pass an output that names the question, in the wizard’s words, quickly', () => {
    expect(failuresOf(outcome(`  ${prompt} (nodes[0].httpPort): must be between 1 and 65535. Give each node its own ports.`))).toEqual([]);
  });

  it.each([
    ['a wrong exit code', outcome(`“${prompt}”`, { exitCode: 1 }), 'exit 1, expected 2'],
    ['a question not named', outcome('nodes: must be a list'), `does not name “${prompt}”`],
    ['a stack trace', outcome(`“${prompt}”\nTypeError: x\n    at resolve (file.js:1:2)`), 'stack trace'],
    ['a bug report', outcome(`“${prompt}” pmf-wizard hit a bug: TypeError`), 'stack trace'],
    ['a zod path', outcome(`“${prompt}”\n  nodes: 0.httpPort: must be between 1 and 65535.`), 'internal field path'],
    ['a dotted index', outcome(`“${prompt}” nodes.1.name is used twice`), 'internal field path'],
    ['a library’s words', outcome(`“${prompt}” Invalid input: expected string, received number`), 'library'],
    ['a device read for long', outcome(`“${prompt}”`, { cpuMs: 1500 }), 'ms of CPU'],
    ['a blocked read', outcome(`“${prompt}”`, { ms: 6000 }), 'ms with a device'],
    ['too much memory', outcome(`“${prompt}”`, { mb: 150 }), 'MB'],
    ['a timeout', outcome(`“${prompt}”`, { timedOut: true }), 'timeout'],
  ])('fail on %s', (_name, o, words) => {
    expect(failuresOf(o).join('\n')).toContain(words);
  });

  it('see a file written anywhere but the state directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-judge-'));
    const state = path.join(dir, 'state');
    fs.mkdirSync(path.join(dir, 'box'));
    const before = snapshot(dir, state);
    fs.mkdirSync(state);
    fs.writeFileSync(path.join(state, 'lock'), '1');
    expect(written(before, snapshot(dir, state))).toEqual([]);
    fs.writeFileSync(path.join(dir, 'box', 'server.xml'), '<server/>');
    expect(written(before, snapshot(dir, state))).toEqual([path.join(dir, 'box', 'server.xml')]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
