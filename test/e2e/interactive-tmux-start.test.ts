import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../support/cli.js';
import { expectBuilt, flat, foundHome, killSessions, promptOf, removeTempDirs, start, tempDir } from '../support/tmux-wizard.js';

/**
 * The first thing a person sees: loading the form (Ink, the steps) takes a second or two, so a
 * line says the wizard is starting at once, and it is gone when the first question is drawn.
 * `script` records every byte the terminal got, in order (no timing is asserted).
 */

afterAll(() => {
  killSessions();
  removeTempDirs();
});

describe('the start in a real terminal', () => {
  it('says "Starting pmf-wizard…" before anything else, and clears it when the first question shows', async () => {
    expectBuilt();
    const dir = tempDir();
    const raw = path.join(dir, 'terminal.raw');
    const command = `node '${cliPath}' --state '${path.join(dir, 'state')}'`;
    const s = start(['script', '-q', '-e', '-f', '-c', command, raw], { HOME: foundHome(dir), IM_DATA_DIR: path.join(dir, 'im-data') });
    const first = `? ${promptOf('liberty.acceptLicense')}`;
    const screen = await s.waitFor((text) => flat(text).includes(first), 60_000);
    expect(screen).not.toContain('Starting pmf-wizard');
    // script's own header line in the file ("Script started on …") is not the terminal's.
    const bytes = fs.readFileSync(raw, 'utf8').replace(/^Script started[^\n]*\n/, '');
    const status = bytes.indexOf('Starting pmf-wizard…');
    const cleared = bytes.indexOf('\r\u001B[2K', status);
    const question = bytes.indexOf('?');
    expect(status).toBeGreaterThanOrEqual(0);
    // Nothing printable came before it: escape sequences only.
    expect(bytes.slice(0, status).replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')).toBe('');
    expect(cleared).toBeGreaterThan(status);
    expect(question).toBeGreaterThan(cleared);
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
  }, 90_000);
});
