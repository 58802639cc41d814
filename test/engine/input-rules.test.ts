import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { resolveAnswers } from '../../source/engine/answers.js';
import { InputError } from '../../source/engine/errors.js';
import type { Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';
import { validateCommand } from '../../source/commands/validate.js';
import type { Io } from '../../source/commands/output.js';
import { steps } from '../../steps/index.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'input-rules-home-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
const options = { baseDir: home, env: { HOME: home, PW: 'line-one\nline-two' } };

function problemAt(raw: unknown, at: string, on: Step[] = steps) {
  return resolveAnswers(raw, on, options).problems.find((p) => p.path === at);
}

describe('control characters in any answer', () => {
  it('refuses a newline in liberty.userDir, which would add a line to etc/server.env, naming the question as asked', () => {
    const raw = { liberty: { userDir: '/srv/wlp\nJVM_ARGS=-Dinjected=yes' } };
    expect(problemAt(raw, 'liberty.userDir')).toEqual({
      path: 'liberty.userDir',
      question: 'Directory for the servers (WLP_USER_DIR)',
      message: 'holds a newline (U+000A)',
      fix: 'Remove it from liberty.userDir: paths, names and passwords are written into files and commands as one line of printable characters.',
    });
  });

  it('refuses NUL, carriage return, other C0 characters and DEL in paths, names and texts', () => {
    expect(problemAt({ liberty: { installDir: '/opt/wlp\0x' } }, 'liberty.installDir')).toMatchObject({ question: 'Liberty installation directory', message: 'holds a NUL (U+0000)' });
    expect(problemAt({ pmf: { adminUser: 'admin\r' } }, 'pmf.adminUser')?.message).toContain('carriage return (U+000D)');
    expect(problemAt({ pmf: { adminContextRoot: '/mfp\tadmin' } }, 'pmf.adminContextRoot')?.message).toContain('tab (U+0009)');
    expect(problemAt({ database: { type: 'derby', dataDir: '/srv/d\u001b[2J' } }, 'database.dataDir')?.message).toContain('control character (U+001B)');
    expect(problemAt({ database: { type: 'derby', dataDir: '/srv/d\u007f' } }, 'database.dataDir')?.message).toContain('DEL (U+007F)');
  });

  it('refuses one in a node name of the nodes list, saying which node', () => {
    const nodes = [
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2\n', httpPort: 9081, httpsPort: 9444 },
    ];
    expect(problemAt({ nodes }, 'nodes[1].name')).toEqual(
      expect.objectContaining({ question: 'Farm nodes (Liberty servers)', message: 'holds a newline (U+000A)', fix: expect.stringContaining('Remove it from nodes[1].name') }),
    );
  });

  it('refuses one in a secret, whether from the environment or in clear, without showing the secret', () => {
    const fromEnv = problemAt({ pmf: { adminPassword: { env: 'PW' } } }, 'pmf.adminPassword');
    expect(fromEnv).toMatchObject({ question: 'Initial password of that administrator', message: 'holds a newline (U+000A)' });
    expect(JSON.stringify(fromEnv)).not.toContain('line-one');
    expect(problemAt({ pmf: { adminPassword: 'secret-pw\0x' } }, 'pmf.adminPassword')?.message).toContain('NUL (U+0000)');
  });
});

describe('node names', () => {
  it('refuses a name longer than 63 characters, and keeps Liberty’s own rule on the characters', () => {
    const nodes = (name: string) => [{ name, httpPort: 9080, httpsPort: 9443 }];
    expect(problemAt({ nodes: nodes('n'.repeat(10_000)) }, 'nodes[0].name')).toEqual({
      path: 'nodes[0].name',
      question: 'Farm nodes (Liberty servers)',
      message: 'has 10000 characters; a server name has at most 63',
      fix: 'Give node 1 a short server name of letters, digits, _ - + and . such as pmf1.',
    });
    expect(problemAt({ nodes: nodes('n'.repeat(64)) }, 'nodes[0].name')?.message).toContain('has 64 characters');
    expect(problemAt({ nodes: nodes('é'.repeat(63)) }, 'nodes[0].name')).toBeUndefined();
    expect(problemAt({ nodes: nodes('-pmf') }, 'nodes[0].name')?.message).toContain('may not start with - or .');
    expect(problemAt({ nodes: nodes('pmf 1') }, 'nodes[0].name')?.message).toContain('may hold letters, digits');
    expect(problemAt({ nodes: nodes('Pmf_1+a.b-c') }, 'nodes[0].name')).toBeUndefined();
  });
});

describe('directories the wizard writes into', () => {
  const written: Question = { path: 'target.dir', kind: 'path', schema: z.string().check(z.minLength(1)), prompt: 'Where the servers go', help: 'A directory.', default: '/opt/target', writtenInto: true };
  const readOnly: Question = { path: 'target.javaHome', kind: 'path', schema: z.string().check(z.minLength(1)), prompt: 'JAVA_HOME', help: 'A Java.', optional: true };
  const step: Step = { id: 'dirs', title: 'Dirs', questions: [written, readOnly], isDone: async () => ({ done: true, detail: '' }), plan: async () => [], run: async () => ({}) };
  const dirProblem = (dir: string, javaHome?: string) => problemAt({ target: { dir, javaHome } }, 'target.dir', [step]);

  it('refuses the system directories and the home directory itself', () => {
    for (const dir of ['/', '/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/boot', '/dev', '/proc', '/sys', '/run', '/var', '/etc/', '/usr/../etc']) {
      expect(dirProblem(dir)?.message, dir).toMatch(/^\/\w* is a system directory, and the wizard creates and changes files in it$/);
    }
    expect(dirProblem('/etc')?.fix).toBe('Set target.dir to a directory of its own (new or empty), such as /opt/target.');
    expect(dirProblem(home)).toMatchObject({ question: 'Where the servers go', message: `${home} is your home directory itself, and the wizard creates and changes files in it` });
  });

  it('refuses a symbolic link to one, and a path too long for Linux', () => {
    const link = path.join(home, 'etc-link');
    fs.symlinkSync('/etc', link);
    expect(dirProblem(link)?.message).toContain('/etc is a system directory');
    expect(dirProblem(`/opt/${'a'.repeat(256)}`)?.message).toContain('has a part longer than 255 bytes');
    expect(dirProblem(`/opt/${'a/'.repeat(2100)}`)?.message).toContain('is longer than 4095 bytes');
  });

  it('accepts their subdirectories, and any directory for a question the wizard only reads', () => {
    for (const dir of ['/var/lib/pmf', '/opt/IBM/WebSphere/Liberty', '/usr/local/pmf', '/srv/wlp', path.join(home, 'pmf'), '/libertyish']) expect(dirProblem(dir), dir).toBeUndefined();
    expect(problemAt({ target: { dir: '/opt/x', javaHome: '/usr' } }, 'target.javaHome', [step])).toBeUndefined();
  });

  it('is refused by validate with exit 2', () => {
    const file = path.join(home, 'answers.json');
    fs.writeFileSync(file, JSON.stringify({ target: { dir: '/etc' } }));
    const io: Io = { stdout: () => {}, stderr: () => {}, isTTY: false, env: { HOME: home }, cwd: home };
    expect(() => validateCommand(file, [step], io, false)).toThrow(InputError);
  });
});
