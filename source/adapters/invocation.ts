import fs from 'node:fs';
import path from 'node:path';
import { shellWord } from './process.js';
import { findCommand } from './which.js';

/** How this process was started: the script node runs (process.argv[1]) and the environment. */
export interface StartedAs {
  script: string | undefined;
  env: NodeJS.ProcessEnv;
}

const NAME = 'pmf-wizard';

function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

const inNodeModules = (file: string) => file.split(path.sep).includes('node_modules');

/** This package as npm installs it: node_modules/pmf-wizard/..., or its link node_modules/.bin/pmf-wizard. */
const isInstalledPackage = (file: string) => file.includes(`${path.sep}node_modules${path.sep}${NAME}${path.sep}`) || file.endsWith(`${path.sep}node_modules${path.sep}.bin${path.sep}${NAME}`);

/**
 * The words a person types to run this pmf-wizard again, for every command the wizard prints:
 * `npx pmf-wizard` when npx (or `npm exec`) ran it from a package, `pmf-wizard` when that name on
 * the PATH is this very file, else `node /abs/cli.js`. A match on the PATH inside node_modules/.bin
 * is one npm put there for a script: the person's own shell does not have it, npx finds it.
 */
export function invocationOf({ script, env }: StartedAs): string {
  if (!script) return NAME;
  const absolute = path.resolve(script);
  const real = realPath(absolute) ?? absolute;
  const fromPackage = isInstalledPackage(absolute) || isInstalledPackage(real);
  if (fromPackage && (env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx')) return `npx ${NAME}`;
  const onPath = findCommand(NAME, [], env.PATH);
  if (onPath && realPath(onPath) === real) return inNodeModules(onPath) ? `npx ${NAME}` : NAME;
  return `node ${shellWord(absolute)}`;
}

/** This process's invocation. */
export function thisInvocation(env: NodeJS.ProcessEnv = process.env): string {
  return invocationOf({ script: process.argv[1], env });
}
