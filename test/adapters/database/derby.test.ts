/**
 * A Derby database directory left by an interrupted creation (the fault suite's SIGINT during
 * `ant databases`: Derby then refuses "Directory … already exists" on every resume) is removed;
 * a real database, or a directory holding anything else, is not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearInterruptedCreation } from '../../../source/adapters/database/derby.js';

function databaseDir(entries: string[]): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'derby-')), 'MFPDATA');
  fs.mkdirSync(dir);
  for (const entry of entries) {
    if (entry.includes('.')) fs.writeFileSync(path.join(dir, entry), '');
    else fs.mkdirSync(path.join(dir, entry));
  }
  return dir;
}

describe('an interrupted Derby creation', () => {
  it('is removed when the directory holds only what Derby writes and no service.properties', () => {
    const dir = databaseDir(['seg0', 'log', 'db.lck', 'README_DO_NOT_TOUCH_FILES.txt']);
    expect(clearInterruptedCreation(dir)).toBe('cleared');
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('leaves a database (service.properties) and a missing directory alone', () => {
    const dir = databaseDir(['service.properties', 'seg0', 'log']);
    expect(clearInterruptedCreation(dir)).toBe('none');
    expect(fs.readdirSync(dir).sort()).toEqual(['log', 'seg0', 'service.properties']);
    expect(clearInterruptedCreation(path.join(dir, 'nothing'))).toBe('none');
  });

  it('refuses a directory holding something Derby does not write, and removes nothing', () => {
    const dir = databaseDir(['seg0', 'notes.txt']);
    expect(() => clearInterruptedCreation(dir)).toThrow(/is in the way of the Derby database: it is not one \(no service.properties\) and holds notes.txt/);
    expect(fs.existsSync(path.join(dir, 'notes.txt'))).toBe(true);
  });
});
