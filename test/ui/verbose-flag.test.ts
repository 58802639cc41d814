import { describe, expect, it } from 'vitest';
import { main } from '../../source/cli.js';
import type { Io } from '../../source/commands/output.js';

function io(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (line) => out.push(line), stderr: (line) => err.push(line), isTTY: false, env: {}, cwd: process.cwd() };
}

describe('--verbose', () => {
  it('is documented in --help and accepted on the command line', async () => {
    const help = io();
    expect(await main(['--help'], help, new AbortController().signal, [])).toBe(0);
    expect(help.out.join('\n')).toMatch(/--verbose +show every command and all of its output/);
    const schema = io();
    expect(await main(['schema', '--verbose'], schema, new AbortController().signal, [])).toBe(0);
    expect(schema.err).toEqual([]);
  });
});
