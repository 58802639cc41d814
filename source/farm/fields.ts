import fs from 'node:fs';
import * as z from 'zod/mini';
import { canAccess, nearestExisting, statOf } from '../adapters/file-access.js';
import { keyWords } from '../engine/issue-words.js';

/** Reusable field schemas: the same checks for the Ink form and the answers file. */

export const absolutePath = z.string().check(z.minLength(1, 'must not be empty'));

// abort: a path that does not exist gets that one message, not every later check's too.
export const existingDirectory = absolutePath.check(z.refine((p) => statOf(p)?.isDirectory() === true, { error: 'no such directory', abort: true }));

export const existingFile = absolutePath.check(z.refine((p) => statOf(p)?.isFile() === true, { error: 'no such file', abort: true }));

export const executableFile = existingFile.check(z.refine((p) => canAccess(p, fs.constants.X_OK), 'is not executable'));

/** A directory that exists and is writable, or that can be created (its nearest existing parent is a writable directory). */
export const writableDirectory = absolutePath.check(
  z.superRefine((p, ctx) => {
    const stat = statOf(p);
    if (stat && !stat.isDirectory()) {
      ctx.addIssue({ code: 'custom', message: 'exists and is not a directory' });
      return;
    }
    const existing = stat ? p : nearestExisting(p);
    const existingStat = statOf(existing);
    if (!existingStat?.isDirectory()) {
      ctx.addIssue({ code: 'custom', message: `cannot be created: ${existing} is not a directory` });
      return;
    }
    if (!canAccess(existing, fs.constants.W_OK)) {
      ctx.addIssue({ code: 'custom', message: stat ? 'is not writable by this user' : `cannot be created: ${existing} is not writable by this user` });
    }
  }),
);

/**
 * A whole number (JSON Schema "integer"). `notNumber`, when given, is what a value that is not a
 * number at all gets; a fraction gets "must be a whole number" (questions.ts words the rest).
 */
export function wholeNumber(notNumber?: string) {
  if (notNumber === undefined) return z.int();
  return z.int({ error: (issue) => (issue.code === 'invalid_type' && issue.expected === 'number' && issue.input !== undefined ? notNumber : undefined) });
}

export const port = wholeNumber('must be a port number').check(z.minimum(1, 'must be between 1 and 65535'), z.maximum(65535, 'must be between 1 and 65535'));

/** Liberty's rule for server names (CWWKE0012E). */
export const serverName = z.string().check(
  z.regex(/^[\p{L}\p{N}_+][\p{L}\p{N}_+.-]*$/u, 'may hold letters, digits, _ - + and ., and may not start with - or .'),
);

const nodeSchema = z.strictObject({ name: serverName, httpPort: port, httpsPort: port });

/** Names unique, and no port used twice anywhere in the farm (all nodes share one host). */
export const nodesSchema = z.array(nodeSchema, { error: 'must be a list of {"name", "httpPort", "httpsPort"}' }).check(
  z.minLength(1, 'needs at least one node'),
  z.superRefine((nodes, ctx) => {
    const names = new Map<string, number>();
    const ports = new Map<number, string>();
    nodes.forEach((node, index) => {
      if (names.has(node.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `"${node.name}" is used twice` });
      names.set(node.name, index);
      for (const key of ['httpPort', 'httpsPort'] as const) {
        const owner = ports.get(node[key]);
        if (owner) ctx.addIssue({ code: 'custom', path: [index, key], message: `port ${node[key]} is already ${owner}` });
        else ports.set(node[key], `${node.name}'s ${keyWords(key)}`);
      }
    });
  }),
);
