/**
 * The crash preload counts every command a program starts and kills it with SIGKILL right after
 * the k-th, once the program had a turn to record it; with a signal set, it sends that instead.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const preload = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kill-after.mjs');
// Three commands, one per turn of the event loop; each recorded in the same turn as its start, as the runner records a child in the lock.
const program = `import { spawn } from 'node:child_process';
process.on('SIGINT', () => { console.log('interrupted'); process.exit(130); });
for (let k = 1; k <= 3; k++) { spawn('true', [String(k)]); console.log('recorded ' + k); await new Promise((r) => setImmediate(r)); console.log('next turn ' + k); await new Promise((r) => setTimeout(r, 50)); }
console.log('ended');`;

function run(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kill-after-'));
  const script = path.join(dir, 'program.mjs');
  fs.writeFileSync(script, program);
  const commands = path.join(dir, 'commands.ndjson');
  const result = spawnSync(process.execPath, ['--import', preload, script], { env: { ...process.env, PMF_FAULT_COMMANDS: commands, ...env }, encoding: 'utf8' });
  const lines = fs.existsSync(commands) ? fs.readFileSync(commands, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : [];
  return { ...result, commands: lines };
}

describe('the crash preload', () => {
  it('counts the commands of a whole run', () => {
    const result = run({});
    expect(result.status).toBe(0);
    expect(result.commands.map((c) => c.command)).toEqual(['true 1', 'true 2', 'true 3']);
    expect(result.commands.every((c) => Number.isInteger(c.pid))).toBe(true);
  });

  it('kills with SIGKILL right after the k-th command, after the program recorded it', () => {
    const result = run({ PMF_FAULT_KILL_AT: '2' });
    expect(result.signal).toBe('SIGKILL');
    expect(result.stdout.trim().split('\n')).toEqual(['recorded 1', 'next turn 1', 'recorded 2']);
    expect(result.commands).toHaveLength(2);
  });

  it('sends the signal asked for some ms after the k-th command', () => {
    const result = run({ PMF_FAULT_SIGNAL_AT: '1', PMF_FAULT_SIGNAL: 'SIGINT', PMF_FAULT_SIGNAL_DELAY_MS: '10' });
    expect(result.status).toBe(130);
    expect(result.stdout).toContain('interrupted');
    expect(result.stdout).not.toContain('ended');
  });
});
