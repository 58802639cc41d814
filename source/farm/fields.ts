import fs from 'node:fs';
import { z } from 'zod';
import { canAccess, nearestExisting, statOf } from '../adapters/file-access.js';

/** Reusable field schemas: the same checks for the Ink form and the answers file. */

export const absolutePath = z.string().min(1, 'must not be empty');

// abort: a path that does not exist gets that one message, not every later check's too.
export const existingDirectory = absolutePath.refine((p) => statOf(p)?.isDirectory() === true, {
  message: 'no such directory',
  abort: true,
});

export const existingFile = absolutePath.refine((p) => statOf(p)?.isFile() === true, { message: 'no such file', abort: true });

export const executableFile = existingFile.refine((p) => canAccess(p, fs.constants.X_OK), { message: 'is not executable' });

/** A directory that exists and is writable, or that can be created (its nearest existing parent is a writable directory). */
export const writableDirectory = absolutePath.superRefine((p, ctx) => {
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
});

export const port = z
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

/** Liberty's rule for server names (CWWKE0012E). */
export const serverName = z
  .string()
  .regex(/^[\p{L}\p{N}_+][\p{L}\p{N}_+.-]*$/u, 'may hold letters, digits, _ - + and ., and may not start with - or .');

const nodeSchema = z.strictObject({ name: serverName, httpPort: port, httpsPort: port });

/** Names unique, and no port used twice anywhere in the farm (all nodes share one host). */
export const nodesSchema = z
  .array(nodeSchema, { error: 'must be a list of {"name", "httpPort", "httpsPort"}' })
  .min(1, 'needs at least one node')
  .superRefine((nodes, ctx) => {
    const names = new Map<string, number>();
    const ports = new Map<number, string>();
    nodes.forEach((node, index) => {
      if (names.has(node.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `"${node.name}" is used twice` });
      names.set(node.name, index);
      for (const key of ['httpPort', 'httpsPort'] as const) {
        const owner = ports.get(node[key]);
        if (owner) ctx.addIssue({ code: 'custom', path: [index, key], message: `port ${node[key]} is already ${owner}` });
        else ports.set(node[key], `${node.name}'s ${key}`);
      }
    });
  });
