import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root } from '../support/cli.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
}

describe('pmf-wizard command line', () => {
  it('prints help and version', async () => {
    const help = await cli(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('pmf-wizard --answers FILE');
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  });

  it('rejects an unknown flag or command with a suggestion, exit 2', async () => {
    const flag = await cli(['--answer', 'x.json']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--answer'");
    expect(flag.stderr).toContain('Did you mean --answers?');
    const command = await cli(['verfy']);
    expect(command.exitCode).toBe(2);
    expect(command.stderr).toContain('Did you mean "pmf-wizard verify"?');
  });

  it('without a terminal and without --answers, says to pass one (exit 2) instead of crashing', async () => {
    const result = await cli([]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Pass --answers FILE');
    expect(result.stderr).not.toMatch(/Raw mode|at .*\.js:\d+/);
  });

  it('prints the JSON Schema of the answers file, from the question declarations', async () => {
    const result = await cli(['schema']);
    expect(result.exitCode).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema.properties.liberty.properties.installDir.description).toMatch(/Where Liberty is installed/);
    expect(schema.properties.liberty.additionalProperties).toBe(false);
    expect(schema.properties.nodes.type).toBe('array');
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'answers.schema.json'), 'utf8'));
    expect(committed).toEqual(schema);
  });
});

describe('pmf-wizard command line, with answers files', () => {
  it('validates an answers file offline: every problem at once, exit 2, nothing written', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'answers.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ liberty: { acceptLicense: 'yes', installMethod: 'imcl', imclPath: '/nonexistent/imcl', repositoryDir: dir, instalDir: '/opt/x' }, nodes: [{ name: '-bad', httpPort: 9080, httpsPort: 9080 }] }),
    );
    const before = fs.readdirSync(dir);
    const result = await cli(['validate', file], { cwd: dir });
    expect(result.exitCode).toBe(2);
    // The question as asked, then the key in parentheses; an unknown key, which no question declares, by itself.
    expect(result.stderr).toContain('Do you accept the license agreement of the Liberty you install');
    expect(result.stderr).toContain('(liberty.acceptLicense): ');
    expect(result.stderr).toContain('Path of imcl (liberty.imclPath): no such file. ');
    expect(result.stderr).toContain('Directory of the extracted Liberty installer (the repository) (liberty.repositoryDir): holds no repository.config');
    expect(result.stderr).toContain('  liberty.instalDir: unknown key. Did you mean "liberty.installDir"?');
    expect(result.stderr).toContain('Farm nodes (Liberty servers) (nodes[0].name): may hold letters');
    expect(result.stderr).toContain('Farm nodes (Liberty servers) (nodes[0].httpsPort): port 9080 is already -bad');
    expect(fs.readdirSync(dir)).toEqual(before);
  });

  it('a run with a bad answers file exits 2 and creates no state directory', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.json'), '{ "liberty": { "acceptLicense": true, ');
    const result = await cli(['--answers', 'a.json', '--state', 'st'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('is not valid JSON');
    expect(fs.existsSync(path.join(dir, 'st'))).toBe(false);
  });

  it('reads an answers file saved with a UTF-8 byte order mark (Notepad); one that is not an object is named by its file', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bom.json'), '\ufeff{"liberty": {"instalDir": "/opt/x"}}');
    const bom = await cli(['validate', 'bom.json'], { cwd: dir });
    expect(bom.exitCode).toBe(2);
    expect(bom.stderr).not.toContain('not valid JSON');
    expect(bom.stderr).toContain('  liberty.instalDir: unknown key');
    fs.writeFileSync(path.join(dir, 'null.json'), 'null');
    const run = await cli(['--answers', 'null.json', '--state', 'st'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('null.json is not valid: 1 problem:\n  the answers must be a JSON object.');
    expect(run.stderr).not.toContain('$');
    expect(fs.existsSync(path.join(dir, 'st'))).toBe(false);
  });

  it('says there is nothing to resume when the state directory has no checkpoint', async () => {
    const dir = tempDir();
    const result = await cli(['--resume', '--state', 'st'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('nothing to resume');
  });

  it('emits NDJSON errors with --json', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ liberty: { acceptLicense: false } }));
    const result = await cli(['--answers', 'a.json', '--json'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    const event = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(event.type).toBe('input-error');
    expect(event.problems.map((p: { path: string }) => p.path)).toContain('liberty.acceptLicense');
  });
});
