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
