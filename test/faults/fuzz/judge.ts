/**
 * What a fuzzed file's two runs (validate, then a real run) must show, as counted failures:
 * the exit code of its class, each broken question named by its prompt (a key as written, the
 * file by its path), no stack trace, no internal field path, no library text, nothing written
 * outside the state directory, and for a device or FIFO, under 1 s of CPU and 100 MB.
 */
import type { Prepared } from './cases.js';
import { questionAt } from './questions.js';
import type { Outcome } from './run-cli.js';

/** CPU time: a command that read /dev/zero or /dev/urandom would spend it; the wall time of a loaded machine's node start-up would not tell. */
export const DEVICE_MAX_MS = 1000;
/** Wall time: a command blocked on a FIFO would spend it. Node's start-up on a shared 2-core machine alone reaches 1–2 s. */
export const DEVICE_MAX_WALL_MS = 5000;
export const DEVICE_MAX_MB = 100;

export interface Verdict {
  namedAll: boolean;
  stackTrace: boolean;
  internalPath: boolean;
  libraryText: boolean;
  failures: string[];
}

// A stack frame, or the words the CLI prints for an error it did not expect.
const STACK = /^\s+at \S|hit a bug/m;
// A zod path in the output: nodes.0.httpPort, or a problem line such as "  nodes: 0.httpsPort: ..." / "  nodes: 0: ...".
const INTERNAL_PATH = /\b[A-Za-z]+(?:\.[A-Za-z]+)*\.\d+(?:\.[A-Za-z]+|\b)|^\s+[\w.$[\]]+: \d+(?:\.\w+)*: /m;
// Words of a library, not of the wizard.
const LIBRARY_TEXT = /Invalid input|Invalid option|expected \w+, received|Unrecognized key|Too (?:small|big):/;

function named(prepared: Prepared, output: string): string[] {
  return prepared.expects.flatMap((expect) => {
    if ('question' in expect) {
      const { prompt } = questionAt(expect.question);
      return output.includes(prompt) ? [] : [`does not name “${prompt}” (${expect.question})`];
    }
    if ('key' in expect) return output.includes(expect.key) ? [] : [`does not name the key ${expect.key}`];
    return output.includes(expect.file) ? [] : [`does not name the file ${expect.file}`];
  });
}

/** The verdict on one command's outcome; `expectedExit` and `mustName` follow from the class. */
export function judge(label: string, prepared: Prepared, outcome: Outcome, expectedExit: number, mustName: Prepared['expects']): Verdict {
  const failures: string[] = [];
  if (outcome.timedOut) failures.push(`${label}: did not exit within the timeout`);
  if (outcome.exitCode !== expectedExit) failures.push(`${label}: exit ${outcome.exitCode}, expected ${expectedExit}`);
  const missing = expectedExit === 2 ? named({ ...prepared, expects: mustName }, outcome.output) : [];
  failures.push(...missing.map((why) => `${label}: ${why}`));
  const stackTrace = STACK.test(outcome.output);
  if (stackTrace) failures.push(`${label}: prints a stack trace`);
  const internalPath = INTERNAL_PATH.test(outcome.output);
  if (internalPath) failures.push(`${label}: names an internal field path (${INTERNAL_PATH.exec(outcome.output)?.[0].trim()})`);
  const libraryText = LIBRARY_TEXT.test(outcome.output);
  if (libraryText) failures.push(`${label}: shows a library’s text (${LIBRARY_TEXT.exec(outcome.output)?.[0]})`);
  if (prepared.device && outcome.cpuMs >= DEVICE_MAX_MS) failures.push(`${label}: used ${Math.round(outcome.cpuMs)} ms of CPU with a device or FIFO (limit ${DEVICE_MAX_MS})`);
  if (prepared.device && outcome.ms >= DEVICE_MAX_WALL_MS) failures.push(`${label}: took ${Math.round(outcome.ms)} ms with a device or FIFO (limit ${DEVICE_MAX_WALL_MS})`);
  if (prepared.device && outcome.mb >= DEVICE_MAX_MB) failures.push(`${label}: peaked at ${outcome.mb.toFixed(0)} MB with a device or FIFO (limit ${DEVICE_MAX_MB})`);
  return { namedAll: missing.length === 0, stackTrace, internalPath, libraryText, failures };
}
