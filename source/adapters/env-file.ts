import fs from 'node:fs';
import { writeFileAtomic } from '../engine/atomic-write.js';

/** Reads a Liberty-style env file (NAME=value lines, # comments), as bin/server does. */
export function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match && !line.trimStart().startsWith('#')) values[match[1]] = match[2].trim();
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
  const wanted = `${name}=${value}`;
  const index = lines.findIndex((line) => line.startsWith(`${name}=`));
  if (index >= 0 && lines[index] === wanted) return false;
  if (index >= 0) lines[index] = wanted;
  else lines.push(wanted);
  writeFileAtomic(file, `${lines.join('\n')}\n`);
  return true;
}
