import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnvFile, setEnvFileValue } from '../../source/adapters/env-file.js';
import { ExternalError } from '../../source/engine/errors.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What Liberty's bin/server makes of a server.env when it sources it (the enable_variable_expansion mode). */
function sourcedByShell(file: string, name: string): string {
  return execFileSync('sh', ['-c', `. "$1"; printf %s "$${name}"`, 'sh', file], { encoding: 'utf8', cwd: dir });
}

describe('server.env', () => {
  it('refuses a value with a line break, CR or NUL instead of writing a second line', () => {
    const file = path.join(dir, 'server.env');
    fs.writeFileSync(file, 'JAVA_HOME=/jdk\n');
    for (const value of ['/srv/wlp\nJVM_ARGS=-Dinjected=yes', '/srv/wlp\r', '/srv/\0wlp']) {
      expect(() => setEnvFileValue(file, 'WLP_USER_DIR', value)).toThrow(ExternalError);
    }
    try {
      setEnvFileValue(file, 'WLP_USER_DIR', '/srv/wlp\nJVM_ARGS=-Dinjected=yes');
    } catch (error) {
      expect((error as ExternalError).kind).toBe('unwritable-env-value');
      expect((error as ExternalError).message).toBe(`WLP_USER_DIR cannot be written into ${file}: it holds "\\n", which a server.env line cannot hold`);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('JAVA_HOME=/jdk\n');
  });

  it('writes a value literally, as bin/server reads it by default', () => {
    const file = path.join(dir, 'literal.env');
    expect(setEnvFileValue(file, 'WLP_USER_DIR', "/srv/it's $HOME/wlp")).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe("WLP_USER_DIR=/srv/it's $HOME/wlp\n");
    expect(readEnvFile(file).WLP_USER_DIR).toBe("/srv/it's $HOME/wlp");
    expect(setEnvFileValue(file, 'WLP_USER_DIR', "/srv/it's $HOME/wlp")).toBe(false);
  });

  it('shell-quotes a value when the file enables variable expansion, so the shell reads it back unchanged', () => {
    const file = path.join(dir, 'expanding.env');
    fs.writeFileSync(file, '# enable_variable_expansion\nJAVA_HOME=/jdk\n');
    const value = "/srv/it's $(touch pwned) `x` $HOME/wlp";
    expect(setEnvFileValue(file, 'WLP_USER_DIR', value)).toBe(true);
    expect(sourcedByShell(file, 'WLP_USER_DIR')).toBe(value);
    expect(readEnvFile(file).WLP_USER_DIR).toBe(value);
    expect(setEnvFileValue(file, 'WLP_USER_DIR', value)).toBe(false);
    setEnvFileValue(file, 'WLP_USER_DIR', '/srv/plain-wlp');
    expect(fs.readFileSync(file, 'utf8')).toContain('\nWLP_USER_DIR=/srv/plain-wlp\n');
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
  });
});
