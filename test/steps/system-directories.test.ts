import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../source/engine/answers.js';
import { steps } from '../../steps/index.js';

const sample = path.resolve('fixtures/answers/single-node-derby.json');

function problemsWith(change: (answers: Record<string, Record<string, unknown>>) => void) {
  const answers = JSON.parse(fs.readFileSync(sample, 'utf8'));
  change(answers);
  return resolveAnswers(answers, steps, { baseDir: path.dirname(sample), env: { PMF_ADMIN_PASSWORD: 'Admin-Passw0rd' } }).problems;
}

describe('the directories the wizard writes into refuse system directories', () => {
  it.each([
    ['liberty', 'installDir', '/', 'Liberty installation directory'],
    ['liberty', 'userDir', '/etc', 'Directory for the servers (WLP_USER_DIR)'],
    ['database', 'dataDir', '/usr', 'Directory where Derby creates the database'],
  ])('%s.%s = %s is refused, naming the question', (group, key, value, prompt) => {
    const problems = problemsWith((answers) => {
      answers[group][key] = value;
    });
    const mine = problems.filter((p) => p.path === `${group}.${key}`);
    expect(mine).toHaveLength(1);
    expect(mine[0].question).toBe(prompt);
  });

  it('accepts the sample\'s directories and a directory under /var', () => {
    const dirs = ['liberty.installDir', 'liberty.userDir', 'database.dataDir'];
    expect(problemsWith(() => {}).filter((p) => dirs.includes(p.path))).toEqual([]);
    const underVar = problemsWith((answers) => {
      answers.database.dataDir = '/var/lib/pmf-derby';
    });
    expect(underVar.filter((p) => p.path === 'database.dataDir')).toEqual([]);
  });
});
