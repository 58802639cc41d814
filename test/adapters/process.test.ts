import { describe, expect, it } from 'vitest';
import { CommandRunner, displayCommand } from '../../source/adapters/process.js';
import { RunLog } from '../../source/engine/log.js';
import { Redactor } from '../../source/engine/redact.js';

function runner(lines: string[] = []) {
  const redactor = new Redactor();
  redactor.add('s3cr3t-value');
  return new CommandRunner({ log: new RunLog(redactor), redactor, onLine: (line) => lines.push(line) });
}

describe('the command runner', () => {
  it('refuses to put a secret on a command line', async () => {
    await expect(runner().run({ command: 'echo', args: ['--password', 's3cr3t-value'] })).rejects.toThrow(/secret would be on the command line/);
  });

  it('passes secrets on stdin and redacts them from the output', async () => {
    const lines: string[] = [];
    const result = await runner(lines).run({ command: 'cat', args: [], input: 'the s3cr3t-value\nline two\n' });
    expect(result.exitCode).toBe(0);
    expect(result.output).toBe('the ****\nline two\n');
    expect(lines).toEqual(['the ****', 'line two']);
  });

  it('returns a non-zero exit as a result and names a missing command with the fix', async () => {
    expect((await runner().run({ command: 'sh', args: ['-c', 'echo out; echo err >&2; exit 3'] })).exitCode).toBe(3);
    await expect(runner().run({ command: '/nonexistent/imcl', args: ['install'] })).rejects.toMatchObject({
      message: 'Cannot run /nonexistent/imcl: no such file',
      fix: 'Check that /nonexistent/imcl exists and is executable: install it, or correct the path that names it.',
    });
  });

  it('turns a failure into a StepFailure with the command and the output tail', async () => {
    await expect(runner().mustSucceed({ command: 'sh', args: ['-c', 'echo first; echo last; exit 4'] }, 'the thing', () => 'do this')).rejects.toMatchObject({
      message: 'the thing failed (exit 4)',
      fix: 'do this',
      command: "sh -c 'echo first; echo last; exit 4'",
      outputTail: 'first\nlast',
    });
  });

  it('quotes what a shell would split', () => {
    expect(displayCommand({ command: '/opt/x y/bin/server', args: ['create', "it's"] })).toBe(`'/opt/x y/bin/server' create 'it'\\''s'`);
  });
});
