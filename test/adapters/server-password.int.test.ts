/**
 * The keysPassword the wizard writes, on the real Liberty: {aes}-encoded by its own
 * securityUtility (the secret never on argv, never echoed), server.xml and the key file 0600,
 * and Liberty starts with it and makes LTPA keys that the password opens.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AES_KEY_FILE } from '../../source/adapters/liberty-aes.js';
import { createServer, serverDir, startServer, stopServer } from '../../source/adapters/liberty.js';
import { markLog, messagesLogOf, waitForFiles, waitForStart } from '../../source/adapters/liberty-log.js';
import { ltpaConfigOf, ltpaPasswordOpens, readLtpaKeys } from '../../source/adapters/ltpa.js';
import { CommandRunner } from '../../source/adapters/process.js';
import { writeLtpaKeysPassword } from '../../source/adapters/server-password.js';
import { RunLog } from '../../source/engine/log.js';
import { Redactor } from '../../source/engine/redact.js';
import type { CommandResult, CommandSpec, Runner } from '../../source/engine/runner.js';
import { freePort } from '../../scripts/local-services.mjs';
import { libertyArchive } from '../support/liberty.js';

const PASSWORD = 'Farm-LTPA-pw-7q';
const AES_KEY = 'aes-key-of-the-farm-3x';
let dir: string;
let wlp: string;
let started = false;

/** The real runner, with no redactor for the password: what it sees is what a log would get. */
class Recording implements Runner {
  specs: CommandSpec[] = [];
  results: CommandResult[] = [];
  private readonly real = new CommandRunner({ log: new RunLog(new Redactor()), redactor: new Redactor() });
  async run(spec: CommandSpec): Promise<CommandResult> {
    this.specs.push(spec);
    const result = await this.real.run(spec);
    this.results.push(result);
    return result;
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liberty-aes-'));
  execFileSync('unzip', ['-q', libertyArchive, '-d', dir]);
  wlp = path.join(dir, 'wlp');
});

afterAll(async () => {
  if (started) await stopServer(new Recording(), wlp, 'aes').catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the keysPassword on the real Liberty's securityUtility", () => {
  it('is {aes}, in 0600 files, and Liberty starts with it: its LTPA keys open with the password', async () => {
    const runner = new Recording();
    expect(await createServer(runner, wlp, 'aes')).toBe('created');
    const home = serverDir(wlp, 'aes');
    const http = await freePort();
    const https = await freePort();
    fs.writeFileSync(
      path.join(home, 'server.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<server>\n  <featureManager><feature>appSecurity-3.0</feature><feature>servlet-4.0</feature></featureManager>\n  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="${http}" httpsPort="${https}"/>\n</server>\n`,
      { mode: 0o644 },
    );

    const written = await writeLtpaKeysPassword(runner, { libertyInstallDir: wlp, serverDir: home, password: PASSWORD, aesKey: AES_KEY });
    expect(written).toMatchObject({ encoding: 'aes', sentence: expect.stringContaining(`{aes}-encoded by this Liberty's securityUtility, its key in ${AES_KEY_FILE}`) });
    const xml = fs.readFileSync(path.join(home, 'server.xml'), 'utf8');
    expect(xml).toMatch(/<ltpa keysPassword="\{aes\}[A-Za-z0-9+/=]{40,}"\/>/);
    expect(xml).toContain(`<include location="\${server.config.dir}/${AES_KEY_FILE}"/>`);
    expect(xml).not.toContain(AES_KEY);
    expect(fs.statSync(path.join(home, 'server.xml')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(home, AES_KEY_FILE)).mode & 0o777).toBe(0o600);
    // securityUtility ran, the password neither on its argv nor in its environment nor echoed in its output.
    const encode = runner.specs.find((spec) => spec.args.join(' ').includes('securityUtility'));
    expect(encode).toBeDefined();
    for (const spec of runner.specs) expect(JSON.stringify({ args: spec.args, env: spec.env, command: spec.command })).not.toContain(PASSWORD);
    for (const result of runner.results) expect(result.output).not.toContain(PASSWORD);
    expect(ltpaConfigOf(home)).toMatchObject({ password: PASSWORD, explicit: true });

    const mark = markLog(messagesLogOf(home));
    started = true;
    expect(await startServer(runner, wlp, 'aes')).toBe('started');
    expect((await waitForStart({ mark, apps: [], ports: [http], timeoutMs: 120_000 })).status).toBe('started');
    const ltpa = ltpaConfigOf(home);
    expect(await waitForFiles([ltpa.file], 60_000)).toEqual([]);
    expect(ltpaPasswordOpens(readLtpaKeys(ltpa.file)!, PASSWORD)).toBe(true);
    const log = fs.readFileSync(messagesLogOf(home), 'utf8');
    expect(log).toContain(`CWWKG0028A: Processing included configuration resource: ${path.join(home, AES_KEY_FILE)}`);
    expect(log).not.toMatch(/CWWKS4106E|CWWKS1859E|PASSWORDUTIL/);
    expect(await stopServer(runner, wlp, 'aes')).toBe('stopped');
    started = false;
  }, 240_000);
});
