import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FieldProblem } from './errors.js';
import type { Question } from './questions.js';

/**
 * Rules every answer obeys whatever its question, checked before the question's own schema:
 * answers end up in files (server.env, property files, server.xml) and commands, where a control
 * character splits a line or cuts a string, and a directory the wizard writes into must not be
 * one the system lives in.
 */

// C0 and DEL: a tab, line feed, carriage return or NUL is never part of a path, name or password.
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

const CONTROL_NAMES: Record<number, string> = { 0: 'NUL', 9: 'tab', 10: 'newline', 13: 'carriage return', 127: 'DEL' };

/** Directories of the system itself: writing an installation into them mixes it with the system's files. */
const SYSTEM_DIRECTORY = /^\/(?:etc|usr|bin|sbin|lib|lib32|lib64|libx32|boot|dev|proc|sys|run|var)?$/;

/** A node's name is a Liberty server name and a directory name: short enough for every file system. */
export const NODE_NAME_MAX = 63;

// Linux's PATH_MAX and NAME_MAX: a longer path is refused by every system call.
const PATH_MAX_BYTES = 4095;
const NAME_MAX_BYTES = 255;

function describeControl(character: string): string {
  const code = character.charCodeAt(0);
  return `${CONTROL_NAMES[code] ?? 'control character'} (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** Every string inside an answer, with where it is below the answer: '' for the answer itself, '[1].name' in a list. */
function stringsIn(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, `${at}[${index}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringsIn(item, `${at}.${key}`));
  return [];
}

function controlCharacterProblem(question: Question, value: unknown): FieldProblem | undefined {
  for (const [at, text] of stringsIn(value)) {
    const found = CONTROL_CHARACTER.exec(text);
    if (!found) continue;
    return {
      path: `${question.path}${at}`,
      message: `holds a ${describeControl(found[0])}`,
      fix: `Remove it from ${question.path}${at}: paths, names and passwords are written into files and commands as one line of printable characters.`,
    };
  }
  return undefined;
}

function pathLengthProblem(question: Question, value: string): FieldProblem | undefined {
  const fix = `Give ${question.path} a shorter path.`;
  if (Buffer.byteLength(value) > PATH_MAX_BYTES) return { path: question.path, message: `is longer than ${PATH_MAX_BYTES} bytes, more than Linux accepts in a path`, fix };
  const part = value.split('/').find((name) => Buffer.byteLength(name) > NAME_MAX_BYTES);
  if (part !== undefined) return { path: question.path, message: `has a part longer than ${NAME_MAX_BYTES} bytes, more than a file name may have`, fix };
  return undefined;
}

function realPathOf(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

/** Why the directory may not be written into, or undefined: a system directory, or the home directory itself. */
function forbiddenDirectory(dir: string, home: string): string | undefined {
  for (const candidate of new Set([dir, realPathOf(dir)])) {
    if (SYSTEM_DIRECTORY.test(candidate)) return `${candidate} is a system directory`;
    if (candidate === home || candidate === realPathOf(home)) return `${candidate} is your home directory itself`;
  }
  return undefined;
}

function systemDirectoryProblem(question: Question, dir: string, home: string): FieldProblem | undefined {
  if (!question.writtenInto) return undefined;
  const why = forbiddenDirectory(dir, home);
  if (!why) return undefined;
  const example = typeof question.default === 'string' && !forbiddenDirectory(question.default, home) ? ` such as ${question.default}` : ` such as ${path.join(home, 'pmf')}`;
  return {
    path: question.path,
    message: `${why}, and the wizard creates and changes files in it`,
    fix: `Set ${question.path} to a directory of its own (new or empty),${example}.`,
  };
}

function nodeNameProblem(question: Question, value: unknown): FieldProblem | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const [index, node] of value.entries()) {
    const name: unknown = node !== null && typeof node === 'object' ? (node as { name?: unknown }).name : undefined;
    if (typeof name !== 'string' || [...name].length <= NODE_NAME_MAX) continue;
    return {
      path: `${question.path}[${index}].name`,
      message: `has ${[...name].length} characters; a server name has at most ${NODE_NAME_MAX}`,
      fix: `Give node ${index + 1} a short server name of letters, digits, _ - + and . such as pmf${index + 1}.`,
    };
  }
  return undefined;
}

/** The first rule the answer breaks, as the problem to report, or undefined. */
export function refusedInput(question: Question, value: unknown, env: NodeJS.ProcessEnv = process.env): FieldProblem | undefined {
  const control = controlCharacterProblem(question, value);
  if (control) return control;
  if (question.kind === 'nodes') return nodeNameProblem(question, value);
  if (question.kind !== 'path' || typeof value !== 'string' || value === '') return undefined;
  return pathLengthProblem(question, value) ?? systemDirectoryProblem(question, value, path.resolve(env.HOME || os.homedir()));
}
