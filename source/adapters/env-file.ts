import fs from 'node:fs';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { ExternalError } from '../engine/errors.js';

/** The one failure here: a value that a server.env line cannot hold. */
export type EnvFileFailure = 'unwritable-env-value';

/**
 * bin/server reads server.env line by line and takes what follows NAME= literally, unless a
 * comment line `# enable_variable_expansion` makes it source the file as shell: then a value is
 * shell-quoted. No form can hold a line break, carriage return (removed) or NUL.
 */
function expandsVariables(lines: string[]): boolean {
  return lines.some((line) => line.replace(/\s/g, '').toLowerCase() === '#enable_variable_expansion');
}

const SHELL_SAFE = /^[A-Za-z0-9_./:@%+,=-]*$/;

function shellUnquote(value: string): string {
  return /^'(?:[^']|'\\'')*'$/.test(value) ? value.slice(1, -1).replace(/'\\''/g, "'") : value;
}

function envFileLine(file: string, name: string, value: string, expands: boolean): string {
  const bad = /[\n\r\0]/.exec(`${name}${value}`);
  if (bad || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new ExternalError<EnvFileFailure>('unwritable-env-value', `${name} cannot be written into ${file}: ${bad ? `it holds ${JSON.stringify(bad[0])}, which a server.env line cannot hold` : 'it is not a variable name'}`, {
      fix: `Give ${name} a value of one line without NUL.`,
    });
  }
  const written = expands && !SHELL_SAFE.test(value) ? `'${value.replace(/'/g, "'\\''")}'` : value;
  return `${name}=${written}`;
}

/** Reads a Liberty-style env file (NAME=value lines, # comments), as bin/server does. */
export function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const lines = text.split(/\r?\n/);
  const expands = expandsVariables(lines);
  const values: Record<string, string> = {};
  for (const line of lines) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match && !line.trimStart().startsWith('#')) values[match[1]] = expands ? shellUnquote(match[2].trim()) : match[2].trim();
  }
  return values;
}

/** Sets one NAME=value line, keeping every other line; atomic. Returns whether it changed. */
export function setEnvFileValue(file: string, name: string, value: string): boolean {
  let lines: string[] = [];
  try {
    lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
  } catch {
    // A new file.
  }
  const wanted = envFileLine(file, name, value, expandsVariables(lines));
  const index = lines.findIndex((line) => line.startsWith(`${name}=`));
  if (index >= 0 && lines[index] === wanted) return false;
  if (index >= 0) lines[index] = wanted;
  else lines.push(wanted);
  writeFileAtomic(file, `${lines.join('\n')}\n`);
  return true;
}
