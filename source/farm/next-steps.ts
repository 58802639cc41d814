import { installEnvFile, serverScript } from '../adapters/liberty.js';
import { readEnvFile } from '../adapters/env-file.js';
import { thisInvocation } from '../adapters/invocation.js';
import { shellWord } from '../adapters/process.js';
import { getAt, type PartialAnswers } from '../engine/questions.js';
import type { NodeAnswer } from './answers.js';
import { userDirOf } from './nodes.js';

/**
 * What a person does once the farm is built: every mode ends with it (the final screen, the plain
 * lines, the `next-steps` event of --json, and `verify` when the farm is healthy).
 */

/**
 * The host in the console URLs: every node runs on this machine, and `verify` proves the consoles
 * through the loopback interface, so these are the URLs known to answer.
 */
export const CONSOLE_HOST = 'localhost';

export interface NodeNextSteps {
  name: string;
  httpUrl: string;
  httpsUrl: string;
  /** Exact shell commands, WLP_USER_DIR included. */
  start: string;
  stop: string;
  status: string;
}

export interface NextSteps {
  nodes: NodeNextSteps[];
  /** The console administrator, and where its password was given: never the password itself. */
  login?: { user: string; password: string };
  userDir: string;
  /** <install>/etc/server.env names userDir, so bin/server finds the servers without WLP_USER_DIR too. */
  userDirInServerEnv: boolean;
  verify: string;
  /** `verify` needs --answers FILE: the passwords were typed, and the state directory keeps none. */
  verifyNeedsAnswersFile: boolean;
  stateDir: string;
  logFile?: string;
  /** The answers file this run was given (its passwords as references). */
  answersFile?: string;
}

export interface NextStepsInput {
  installDir: string;
  userDir: string;
  userDirInServerEnv: boolean;
  nodes: NodeAnswer[];
  adminUser?: string;
  /** pmf.adminPassword as the checkpoint keeps it: an {"env"} or {"file"} reference; undefined when typed. */
  adminPasswordKept: unknown;
  stateDir: string;
  logFile?: string;
  answersFile?: string;
  /** How pmf-wizard was started (`npx pmf-wizard`, ...). */
  invocation: string;
}

export function consoleUrls(node: Pick<NodeAnswer, 'httpPort' | 'httpsPort'>): { httpUrl: string; httpsUrl: string } {
  return { httpUrl: `http://${CONSOLE_HOST}:${node.httpPort}/mfpconsole`, httpsUrl: `https://${CONSOLE_HOST}:${node.httpsPort}/mfpconsole` };
}

/** Where a kept reference says the password is; undefined when it was typed (nothing is kept). */
function keptPasswordSource(kept: unknown): string | undefined {
  const env = getAt(kept, 'env');
  if (typeof env === 'string') return `the password in $${env}`;
  const file = getAt(kept, 'file');
  return typeof file === 'string' ? `the password in ${file}` : undefined;
}

/** The model from what the run resolved; nothing here reads the machine. */
export function nextSteps(input: NextStepsInput): NextSteps {
  const prefix = `WLP_USER_DIR=${shellWord(input.userDir)} ${shellWord(serverScript(input.installDir))}`;
  const nodes = input.nodes.map((node) => ({
    name: node.name,
    ...consoleUrls(node),
    start: `${prefix} start ${shellWord(node.name)}`,
    stop: `${prefix} stop ${shellWord(node.name)}`,
    status: `${prefix} status ${shellWord(node.name)}`,
  }));
  const answers = input.answersFile ? ` --answers ${shellWord(input.answersFile)}` : '';
  const kept = keptPasswordSource(input.adminPasswordKept);
  return {
    nodes,
    login: input.adminUser === undefined ? undefined : { user: input.adminUser, password: kept ?? 'the password you gave for the console administrator' },
    userDir: input.userDir,
    userDirInServerEnv: input.userDirInServerEnv,
    verify: `${input.invocation} verify --state ${shellWord(input.stateDir)}${answers}`,
    verifyNeedsAnswersFile: !input.answersFile && kept === undefined,
    stateDir: input.stateDir,
    logFile: input.logFile,
    answersFile: input.answersFile,
  };
}

function isNode(value: unknown): value is NodeAnswer {
  return typeof getAt(value, 'name') === 'string' && typeof getAt(value, 'httpPort') === 'number' && typeof getAt(value, 'httpsPort') === 'number';
}

export interface RunPlace {
  stateDir: string;
  logFile?: string;
  answersFile?: string;
  invocation?: string;
}

/**
 * The next steps of a run's resolved answers (`answers`, and `persisted` for where the password
 * came from); undefined when they name no Liberty installation or no nodes. Reads <install>/etc/server.env.
 */
export function nextStepsOf(resolution: { answers: PartialAnswers; persisted: PartialAnswers }, place: RunPlace): NextSteps | undefined {
  const { answers, persisted } = resolution;
  const installDir = getAt(answers, 'liberty.installDir');
  const nodes = getAt(answers, 'nodes');
  if (typeof installDir !== 'string' || !Array.isArray(nodes) || !nodes.length || !nodes.every(isNode)) return undefined;
  const given = getAt(answers, 'liberty.userDir');
  const userDir = userDirOf({ installDir, userDir: typeof given === 'string' ? given : undefined });
  const adminUser = getAt(answers, 'pmf.adminUser');
  return nextSteps({
    installDir,
    userDir,
    userDirInServerEnv: readEnvFile(installEnvFile(installDir)).WLP_USER_DIR === userDir,
    nodes,
    adminUser: typeof adminUser === 'string' ? adminUser : undefined,
    adminPasswordKept: getAt(persisted, 'pmf.adminPassword'),
    stateDir: place.stateDir,
    logFile: place.logFile,
    answersFile: place.answersFile,
    invocation: place.invocation ?? thisInvocation(),
  });
}
