/**
 * A fuzzed answers file: a base sample with one to three value mutations (or one that changes
 * which questions apply, alone), or a fault of the file itself (JSON broken, not an object, too
 * large, a device, a FIFO, a directory). Preparing it writes it into its box and says what the
 * wizard must do with it.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { type Base, type Box, baseAnswers } from './box.js';
import { type Expect, type Mutation, gateMutation, valueMutation } from './mutations.js';
import { fifoIn } from './secrets.js';

export interface FileFault {
  kind: string;
  detail: string;
  /** Not a fault after all: the file is valid as it stands (a UTF-8 byte order mark, as Notepad writes). */
  valid?: boolean;
  /** Writes the faulty file (from the valid answers' text) and gives the path to pass. */
  write(text: string, box: Box, bigFile: string): string;
}

export type Case = { base: Base; pretty: boolean; mutations: Mutation[] } | { base: Base; pretty: boolean; fault: FileFault };

export interface Prepared {
  /** The row of the table: the first invalid mutation's kind, or valid. */
  kind: string;
  detail: string;
  valid: boolean;
  /** A device or FIFO is read somewhere: time and memory are bounded. */
  device: boolean;
  expects: Expect[];
  answersFile: string;
}

function faulty(kind: string, detail: string, change: (text: string) => string | Buffer, valid = false): FileFault {
  return {
    kind,
    detail,
    valid,
    write(text, box) {
      fs.writeFileSync(box.answersFile, change(text));
      return box.answersFile;
    },
  };
}

const VALID = 'valid (node 1’s HTTP port held)';

const placed = (kind: string, detail: string, where: (box: Box, bigFile: string) => string): FileFault => ({ kind, detail, write: (_text, box, bigFile) => where(box, bigFile) });

const fileFaults: fc.Arbitrary<FileFault> = fc.oneof(
  fc.nat().map((at) => faulty('invalid JSON', `truncated (at ${at})`, (text) => text.slice(0, 1 + (at % (text.length - 1))))),
  fc.constant(faulty('invalid JSON', 'trailing comma', (text) => text.replace(/\s*}\s*$/, ',\n}\n'))),
  fc.constant(faulty(VALID, 'byte order mark', (text) => `\ufeff${text}`, true)),
  fc.constant(faulty('invalid JSON', 'comment line', (text) => `// answers for pmf1\n${text}`)),
  fc.constant(faulty('invalid JSON', 'single quotes', (text) => text.replaceAll('"', "'"))),
  fc.nat().map((at) => faulty('invalid JSON', `raw NUL byte (at ${at})`, (text) => { const cut = at % text.length; return `${text.slice(0, cut)}\u0000${text.slice(cut)}`; })),
  fc.constant(faulty('invalid JSON', 'empty file', () => '')),
  fc.constantFrom('[]', '"answers"', '42', 'null', 'true', '[{"liberty": {}}]').map((json) => faulty('not an object', json, () => json)),
  fc.constant(placed('answers file too large', '20 MB', (_box, bigFile) => bigFile)),
  fc.constantFrom('/dev/zero', '/dev/urandom').map((device) => placed('answers file is a device', device, () => device)),
  fc.constant(placed('answers file is a device', 'a FIFO', (box) => fifoIn(box))),
  fc.constant(placed('answers file missing or a directory', 'a directory', (box) => box.sandbox)),
  fc.constant(placed('answers file missing or a directory', 'missing', (box) => path.join(box.dir, 'no-such-answers.json'))),
);

const valueMutations = (base: Base) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
    { weight: 2, arbitrary: gateMutation(base).map((mutation) => [mutation]) },
    { weight: 20, arbitrary: fc.uniqueArray(valueMutation(base), { minLength: 1, maxLength: 3, selector: (mutation) => mutation.target }) },
  );

export const caseArbitrary: fc.Arbitrary<Case> = fc.tuple(fc.constantFrom<Base>('derby', 'mysql'), fc.boolean()).chain(([base, pretty]) =>
  fc.oneof(
    { weight: 6, arbitrary: valueMutations(base).map((mutations): Case => ({ base, pretty, mutations })) },
    { weight: 1, arbitrary: fileFaults.map((fault): Case => ({ base, pretty, fault })) },
  ),
);

/** Writes the case's file into its box. */
export function prepare(testCase: Case, box: Box, bigFile: string): Prepared {
  const answers = baseAnswers(testCase.base, box);
  const text = (value: unknown) => JSON.stringify(value, null, testCase.pretty ? 2 : undefined);
  if ('fault' in testCase) {
    const { kind, detail, valid = false } = testCase.fault;
    const answersFile = testCase.fault.write(text(answers), box, bigFile);
    return { kind, detail: `${testCase.base}: ${detail}`, valid, device: kind === 'answers file is a device', expects: valid ? [] : [{ file: answersFile }], answersFile };
  }
  const expects = testCase.mutations.flatMap((mutation) => mutation.apply(answers, box));
  fs.writeFileSync(box.answersFile, text(answers));
  const invalid = testCase.mutations.find((mutation) => !mutation.valid);
  return {
    kind: invalid?.kind ?? VALID,
    detail: `${testCase.base}: ${testCase.mutations.map((mutation) => mutation.detail).join('; ') || 'the sample unchanged'}`,
    valid: !invalid,
    device: testCase.mutations.some((mutation) => mutation.kind === 'secret is a device'),
    expects,
    answersFile: box.answersFile,
  };
}
