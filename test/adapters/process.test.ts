import { describe, expect, it } from 'vitest';
import { CommandRunner, displayCommand } from '../../source/adapters/process.js';
import { processStartTime } from '../../source/adapters/process-table.js';
import { RunLog } from '../../source/engine/log.js';
import { Redactor } from '../../source/engine/redact.js';
import type { ChildRecord } from '../../source/engine/runner.js';

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

  it('a full disk in the output is the headline, with the path and the fix', async () => {
    // /dev/full answers every write with ENOSPC: a real cp, a real "No space left on device".
    const failure = await runner()
      .mustSucceed({ command: 'cp', args: ['/etc/hostname', '/dev/full'] }, 'Copying the host name', () => 'do this')
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      kind: 'failed',
      systemCause: 'no-space',
      message: 'Copying the host name failed: no space left on device (/dev/full)',
      fix: 'Free space on the file system holding /dev/full (df -h /dev/full), then run again with --resume.',
      command: 'cp /etc/hostname /dev/full',
    });
  });

  it('quotes what a shell would split', () => {
    expect(displayCommand({ command: '/opt/x y/bin/server', args: ['create', "it's"] })).toBe(`'/opt/x y/bin/server' create 'it'\\''s'`);
  });

  it("keeps the answers' secret variables from a child's environment; what the command is given still reaches it", async () => {
    process.env.PMF_TEST_DB_PASSWORD = 's3cr3t-value';
    process.env.PMF_TEST_PLAIN = 'an-ordinary-value';
    try {
      const result = await runner().run({ command: 'env', args: [] });
      expect(result.output).not.toContain('PMF_TEST_DB_PASSWORD');
      expect(result.output).toContain('PMF_TEST_PLAIN=an-ordinary-value');
      const given = await runner().run({ command: 'sh', args: ['-c', 'echo "${#STOREPASS}"'], env: { STOREPASS: 's3cr3t-value' } });
      expect(given.output).toBe('12\n');
    } finally {
      delete process.env.PMF_TEST_DB_PASSWORD;
      delete process.env.PMF_TEST_PLAIN;
    }
  });

  it('records each child (pid, start time, own group) while it runs, and forgets it when it ends', async () => {
    const events: string[] = [];
    const redactor = new Redactor();
    let seen: ChildRecord | undefined;
    let liveStartTime: string | undefined;
    const children = {
      started: (child: ChildRecord) => {
        seen = child;
        liveStartTime = processStartTime(child.pid);
        events.push('started');
      },
      ended: (pid: number) => events.push(`ended ${pid === seen?.pid}`),
    };
    // It lives a moment: a command that has already ended when the runner looks is not recorded (nothing to stop).
    const result = await new CommandRunner({ log: new RunLog(redactor), redactor, children }).run({ command: 'sh', args: ['-c', 'sleep 0.5; ps -o pgid= -p $$'] });
    expect(events).toEqual(['started', 'ended true']);
    expect(seen).toMatchObject({ group: true, command: "sh -c 'sleep 0.5; ps -o pgid= -p $$'", startTime: liveStartTime });
    expect(result.output.trim()).toBe(String(seen!.pid));
  });

  it('on a cancel stops the whole process group, the grandchildren a script started too, before it returns', async () => {
    const controller = new AbortController();
    const redactor = new Redactor();
    const lines: string[] = [];
    const run = new CommandRunner({ log: new RunLog(redactor), redactor, signal: controller.signal, onLine: (line) => lines.push(line) }).run({
      command: 'sh',
      args: ['-c', 'sleep 300 & echo "$!"; wait'],
    });
    while (!lines.length) await new Promise((resolve) => setTimeout(resolve, 20));
    const grandchild = Number(lines[0]);
    expect(processStartTime(grandchild)).toBeDefined();
    controller.abort();
    await expect(run).rejects.toMatchObject({ kind: 'cancelled' });
    expect(processStartTime(grandchild)).toBeUndefined();
  }, 30_000);

  it('on a timeout stops the whole process group too, instead of waiting for what holds the output open', async () => {
    const lines: string[] = [];
    const run = runner(lines).run({ command: 'sh', args: ['-c', 'sleep 300 & echo "$!"; wait'], timeoutMs: 1000 });
    await expect(run).rejects.toMatchObject({ kind: 'timed-out', message: expect.stringContaining('did not finish within 1 s'), fix: expect.stringContaining('too busy') });
    expect(processStartTime(Number(lines[0]))).toBeUndefined();
  }, 30_000);
});
