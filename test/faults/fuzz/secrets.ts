/**
 * Secrets given as {"env": NAME} or {"file": PATH} that cannot be the secret: an unset variable,
 * a missing file, a directory, a device that never ends (/dev/zero, /dev/urandom), a FIFO nobody
 * writes to, a file too large or empty, a reference of the wrong shape; and one that is fine.
 */
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setAt } from '../../../source/engine/questions.js';
import type { Base, Box } from './box.js';
import { sandboxFile } from './box.js';
import type { Mutation } from './mutations.js';

/** A named pipe in the sandbox: opening it for reading blocks until someone writes. */
export function fifoIn(box: Box): string {
  let file = path.join(box.sandbox, 'fifo');
  for (let n = 2; fs.existsSync(file); n += 1) file = path.join(box.sandbox, `fifo-${n}`);
  execFileSync('mkfifo', [file]);
  return file;
}

type Reference = (box: Box) => unknown;

const BROKEN: Array<[string, string, Reference]> = [
  ['secret reference', '{"env": unset variable}', () => ({ env: 'PMF_FUZZ_NEVER_SET' })],
  ['secret reference', '{"env": ""}', () => ({ env: '' })],
  ['secret reference', '{"env": 5}', () => ({ env: 5 })],
  ['secret reference', '{"env", "file"} together', (box) => ({ env: 'PMF_ADMIN_PASSWORD', file: path.join(box.sandbox, 'pw') })],
  ['secret reference', '{}', () => ({})],
  ['secret reference', '{"file": ""}', () => ({ file: '' })],
  ['secret reference', '{"file": missing file}', (box) => ({ file: path.join(box.sandbox, 'no-such-secret') })],
  ['secret reference', '{"file": relative missing file}', () => ({ file: 'no-such-secret' })],
  ['secret reference', '{"file": a directory}', (box) => ({ file: box.sandbox })],
  ['secret reference', '{"file": a file over 4 KB}', (box) => ({ file: sandboxFile(box, 'big-secret', `${'s'.repeat(5000)}\n`) })],
  ['secret reference', '{"file": an empty file}', (box) => ({ file: sandboxFile(box, 'empty-secret', '') })],
  ['secret reference', '{"file": a file of one newline}', (box) => ({ file: sandboxFile(box, 'newline-secret', '\n') })],
  ['secret is a device', '{"file": "/dev/zero"}', () => ({ file: '/dev/zero' })],
  ['secret is a device', '{"file": "/dev/urandom"}', () => ({ file: '/dev/urandom' })],
  ['secret is a device', '{"file": a FIFO}', (box) => ({ file: fifoIn(box) })],
];

const FINE: Array<[string, Reference]> = [
  ['{"file": a good file}', (box) => ({ file: sandboxFile(box, 'good-secret', 'Good-pw-123\nsecond line ignored\n') })],
  ['{"env": a set variable}', (box) => ((box.env.FUZZ_GOOD_SECRET = 'Good-pw-456'), { env: 'FUZZ_GOOD_SECRET' })],
];

export function secretMutation(_base: Base, paths: string[]): fc.Arbitrary<Mutation> {
  const target = fc.constantFrom(...paths);
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(target, fc.constantFrom(...BROKEN)).map(([at, [kind, detail, reference]]): Mutation => ({
      kind,
      detail: `${at} = ${detail}`,
      target: at,
      apply(answers, box) {
        setAt(answers, at, reference(box));
        return [{ question: at }];
      },
    })) },
    { weight: 1, arbitrary: fc.tuple(target, fc.constantFrom(...FINE)).map(([at, [detail, reference]]): Mutation => ({
      kind: 'valid',
      detail: `${at} = ${detail}`,
      target: at,
      valid: true,
      apply(answers, box) {
        setAt(answers, at, reference(box));
        return [];
      },
    })) },
  );
}
