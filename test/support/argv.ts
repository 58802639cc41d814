/** What the end-to-end tests use to prove no secret is ever on a command line. */
import fs from 'node:fs';

/**
 * The argv (from /proc/PID/cmdline, NULs as spaces) of every running process that holds one of
 * the secrets, once for each secret it holds. A process that ends while being read is skipped.
 */
export function argvWithSecrets(secrets: string[]): string[] {
  const hits: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let argv = '';
    try {
      argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    for (const secret of secrets) if (argv.includes(secret)) hits.push(argv.replace(/\0/g, ' '));
  }
  return hits;
}
