/**
 * The machine checks of this step's questions, run at the terminal when an answer is given
 * (imported on first use: validate and schema never load them). Each returns the problem with
 * its fix in the form's words, or undefined; none changes anything.
 */
import { imclVersion } from '../../source/adapters/imcl.js';
import { checkRunner } from '../../source/adapters/process.js';
import { ExternalError } from '../../source/engine/errors.js';
import { getAt, type PartialAnswers } from '../../source/engine/questions.js';
import type { NodeAnswer } from '../../source/farm/answers.js';
import { portWords, takenNodePorts } from './ports.js';

const text = (answers: PartialAnswers, path: string): string | undefined => {
  const value = getAt(answers, path);
  return typeof value === 'string' ? value : undefined;
};

/** Every node's HTTP and HTTPS port is free on this machine (or held by that node's own running server). */
export async function nodePortsCheck(answers: PartialAnswers): Promise<string | undefined> {
  const nodes = Array.isArray(answers.nodes) ? (answers.nodes as NodeAnswer[]) : [];
  const liberty = { installDir: text(answers, 'liberty.installDir') ?? '', userDir: text(answers, 'liberty.userDir') };
  const taken = await takenNodePorts(checkRunner(), liberty, nodes);
  return taken.length ? taken.map(portWords).join(' ') : undefined;
}

/** `imcl version` runs and exits 0: the path is an Installation Manager that works. */
export async function imclRunsCheck(answers: PartialAnswers): Promise<string | undefined> {
  const imclPath = text(answers, 'liberty.imclPath');
  if (!imclPath) return undefined;
  try {
    await imclVersion(checkRunner(), imclPath);
    return undefined;
  } catch (error) {
    if (!(error instanceof ExternalError)) throw error;
    const said = error.outputTail?.trim().split('\n').at(-1);
    return `${error.message}${said ? ` (it said: ${said})` : ''}: give the imcl of a working Installation Manager, usually …/InstallationManager/eclipse/tools/imcl.`;
  }
}
