import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ExternalError } from '../engine/errors.js';
import { displayCommand, tailOf } from './process.js';
import { withSystemCause } from './system-failure.js';
import type { CommandSpec, Runner } from '../engine/runner.js';

export type ArchiveFailure = 'not-empty' | 'extract-failed' | 'not-liberty-archive';

export function extractionDir(installDir: string): string {
  return `${installDir}.pmf-wizard-extract`;
}

export function extractCommand(archive: string, into: string): CommandSpec {
  return archive.endsWith('.jar')
    ? { command: 'java', args: ['-jar', archive, '--acceptLicense', into], timeoutMs: 30 * 60_000 }
    : { command: 'unzip', args: ['-q', '-o', archive, '-d', into], timeoutMs: 30 * 60_000 };
}

/**
 * Extracts a Liberty archive (wlp-*.zip, or the self-extracting wlp-*.jar) next to the
 * install dir, then renames its wlp/ into place: a crash leaves no half-installed Liberty.
 */
export async function extractLibertyArchive(runner: Runner, archive: string, installDir: string): Promise<void> {
  if (fs.existsSync(installDir) && fs.readdirSync(installDir).length > 0) {
    throw new ExternalError<ArchiveFailure>('not-empty', `${installDir} is not empty and holds no Liberty`, {
      fix: `Empty ${installDir}, or extract into an empty or new directory.`,
    });
  }
  const temp = extractionDir(installDir);
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  const spec = extractCommand(archive, temp);
  const result = await runner.run(spec);
  if (result.exitCode !== 0) {
    const failure = new ExternalError<ArchiveFailure>('extract-failed', `Extracting ${path.basename(archive)} failed (exit ${result.exitCode})`, {
      command: displayCommand(spec),
      outputTail: tailOf(result.output),
      fix: `Check that ${archive} is a complete Liberty archive (download it again if it is truncated).`,
    });
    throw withSystemCause(failure, result.output, spec.cwd);
  }
  const root = fs.existsSync(path.join(temp, 'wlp', 'bin', 'server')) ? path.join(temp, 'wlp') : temp;
  if (!fs.existsSync(path.join(root, 'bin', 'server'))) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw new ExternalError<ArchiveFailure>('not-liberty-archive', `${archive} is not a Liberty archive: it has no wlp/bin/server`, {
      fix: 'Use a WebSphere Liberty zip (wlp-*.zip) or installer jar.',
    });
  }
  if (fs.existsSync(installDir)) fs.rmdirSync(installDir);
  fs.mkdirSync(path.dirname(installDir), { recursive: true });
  fs.renameSync(root, installDir);
  fs.rmSync(temp, { recursive: true, force: true });
}

/** One file of a zip archive, read without unpacking the rest; undefined when absent. */
export function readZipEntry(archive: string, name: string): Buffer | undefined {
  const fd = fs.openSync(archive, 'r');
  try {
    const read = (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const got = fs.readSync(fd, buffer, 0, length, position);
      return buffer.subarray(0, got);
    };
    const size = fs.fstatSync(fd).size;
    const tailStart = Math.max(0, size - 65_557);
    const tail = read(tailStart, size - tailStart);
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end < 0) return undefined;
    const directory = read(tail.readUInt32LE(end + 16), tail.readUInt32LE(end + 12));
    for (let at = 0; at + 46 <= directory.length && directory.readUInt32LE(at) === 0x02014b50; ) {
      const nameLength = directory.readUInt16LE(at + 28);
      const entryName = directory.toString('utf8', at + 46, at + 46 + nameLength);
      if (entryName === name) {
        const method = directory.readUInt16LE(at + 10);
        const compressed = directory.readUInt32LE(at + 20);
        const local = read(directory.readUInt32LE(at + 42), 30);
        const data = read(directory.readUInt32LE(at + 42) + 30 + local.readUInt16LE(26) + local.readUInt16LE(28), compressed);
        return method === 8 ? zlib.inflateRawSync(data) : data;
      }
      at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** The license a Liberty zip comes under: the first lines of wlp/LICENSE (Open Liberty) or wlp/lafiles/LA_en. */
export function archiveLicense(archive: string, lines = 1): string | undefined {
  for (const name of ['wlp/LICENSE', 'wlp/lafiles/LA_en']) {
    const text = readZipEntry(archive, name)?.toString('utf8');
    if (text) {
      return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(0, lines)
        .join(' ');
    }
  }
  return undefined;
}
