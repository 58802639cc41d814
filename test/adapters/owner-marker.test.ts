import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWNER_MARKER, ownerMarkerFile, readOwnerMarker, sameDirectory, writeOwnerMarker } from '../../source/adapters/owner-marker.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'owner-marker-'));

describe('the owner marker of a directory', () => {
  it('is written at once, world-readable, as JSON naming the absolute state directory and the date', () => {
    const dir = tempDir();
    const cwd = process.cwd();
    process.chdir(dir);
    const umask = process.umask(0o077);
    try {
      writeOwnerMarker(dir, 'state', new Date('2026-11-27T10:00:00Z'));
    } finally {
      process.umask(umask);
      process.chdir(cwd);
    }
    const file = path.join(dir, OWNER_MARKER);
    expect(ownerMarkerFile(dir)).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ stateDir: path.join(fs.realpathSync(dir), 'state'), since: '2026-11-27T10:00:00.000Z' });
    expect(fs.readdirSync(dir)).toEqual([OWNER_MARKER]);
    expect(readOwnerMarker(dir)).toEqual({ stateDir: path.join(fs.realpathSync(dir), 'state'), since: '2026-11-27T10:00:00.000Z' });
  });

  it('is replaced by a new one', () => {
    const dir = tempDir();
    writeOwnerMarker(dir, '/srv/a');
    writeOwnerMarker(dir, '/srv/b');
    expect(readOwnerMarker(dir)?.stateDir).toBe('/srv/b');
    expect(fs.readdirSync(dir)).toEqual([OWNER_MARKER]);
  });

  it('is absent from a directory without one, a missing directory, and a file that is not one', () => {
    const dir = tempDir();
    expect(readOwnerMarker(dir)).toBeUndefined();
    expect(readOwnerMarker(path.join(dir, 'missing'))).toBeUndefined();
    for (const text of ['not json', 'null', '{"stateDir": 3}', '{"stateDir": "relative/state"}']) {
      fs.writeFileSync(ownerMarkerFile(dir), text);
      expect(readOwnerMarker(dir), text).toBeUndefined();
    }
  });
});

describe('sameDirectory', () => {
  it('sees one directory through a symbolic link, also below it where nothing exists yet', () => {
    const real = tempDir();
    const link = path.join(tempDir(), 'link');
    fs.symlinkSync(real, link);
    expect(sameDirectory(link, real)).toBe(true);
    expect(sameDirectory(path.join(link, 'state', 'x'), path.join(real, 'state', 'x'))).toBe(true);
    expect(sameDirectory(path.join(link, 'state'), path.join(real, 'other'))).toBe(false);
    expect(sameDirectory(`${real}/./`, real)).toBe(true);
  });
});
