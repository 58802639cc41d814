// The real Liberty runtime the tests, the demo and the bench use: one pinned runtime archive,
// fetched with the machine's own `mvn` (so the user's Maven settings and mirrors apply), checked
// against its SHA-256 and kept in a cache outside the repository and the npm package.
// Also the Installation Manager repository the imcl stand-in installs from: repository.config,
// the license files and that same archive.
//
// Why Open Liberty and not WebSphere Liberty: the newest WebSphere Liberty runtime on Maven
// Central (com.ibm.websphere.appserver.runtime:wlp-webProfile8) is 20.0.0.11, of 2020. It
// predates Java 17 support (21.0.0.12) and on this project's Java 17 it logs CWWKF0002E (a
// missing bundle of restConnector-2.0) and annotation-scan warnings at every start. Open Liberty
// is the same runtime (WebSphere Liberty is built on it), supports Java 8 to 25, and its
// webProfile8 archive holds every feature the PMF Ant tasks write.
//
//   node scripts/liberty-runtime.mjs            fetch if needed; print the archive and repository paths
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LIBERTY = {
  groupId: 'io.openliberty',
  artifactId: 'openliberty-webProfile8',
  version: '26.0.0.3',
  sha256: 'e1421387b006c06cfb67948a318f8ce5b68766d7a82d3efcc6cd8081164d2310',
  /** The offering the imcl stand-in's repository lists (the package id of the tutorial). */
  offeringId: 'com.ibm.websphere.liberty.v85',
  offeringVersion: '26.0.3.20260309_1102',
};

export function cacheDir(env = process.env) {
  return env.PMF_WIZARD_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'pmf-wizard');
}

export function archiveFileName() {
  return `${LIBERTY.artifactId}-${LIBERTY.version}.zip`;
}

export function libertyArchivePath(env = process.env) {
  return path.join(cacheDir(env), 'liberty', archiveFileName());
}

export function imRepositoryPath(env = process.env) {
  return path.join(cacheDir(env), 'liberty', `im-repository-${LIBERTY.version}`);
}

function sha256Of(file) {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let read;
    while ((read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0) hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** The archive in the cache, fetched with `mvn dependency:copy` when missing; its checksum checked. */
export function ensureLibertyArchive(env = process.env) {
  const target = libertyArchivePath(env);
  if (fs.existsSync(target) && fs.existsSync(`${target}.verified`)) return target;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (!fs.existsSync(target)) {
    const staging = fs.mkdtempSync(path.join(path.dirname(target), '.fetch-'));
    try {
      const coordinates = `${LIBERTY.groupId}:${LIBERTY.artifactId}:${LIBERTY.version}:zip`;
      process.stderr.write(`Fetching ${coordinates} with mvn (about 117 MB, once; cached in ${path.dirname(target)})\n`);
      const result = spawnSync('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${coordinates}`, `-DoutputDirectory=${staging}`, '-Dmdep.overWriteReleases=true'], {
        cwd: staging,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const fetched = path.join(staging, archiveFileName());
      if (result.error || result.status !== 0 || !fs.existsSync(fetched)) {
        const why = result.error ? result.error.message : `${result.stdout}${result.stderr}`.trim().split('\n').slice(-15).join('\n');
        throw new Error(`Could not fetch ${coordinates} with mvn (is Maven installed, and does it reach Maven Central or your mirror?)\n${why}`);
      }
      fs.renameSync(fetched, target);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  const actual = sha256Of(target);
  if (actual !== LIBERTY.sha256) {
    fs.rmSync(target, { force: true });
    throw new Error(`${target} has SHA-256 ${actual}, not the pinned ${LIBERTY.sha256}: removed; run again to fetch it anew.`);
  }
  fs.writeFileSync(`${target}.verified`, `${actual}\n`);
  return target;
}

/**
 * An Installation Manager repository (as the extracted Liberty installer is) that offers
 * com.ibm.websphere.liberty.v85 with the real archive as its payload, for the imcl stand-in.
 */
export function ensureImRepository(env = process.env) {
  const archive = ensureLibertyArchive(env);
  const repo = imRepositoryPath(env);
  const config = path.join(repo, 'repository.config');
  if (fs.existsSync(config)) return repo;
  const staging = `${repo}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  execFileSync('unzip', ['-q', '-o', archive, 'wlp/LICENSE', 'wlp/NOTICES', '-d', staging], { stdio: 'ignore' });
  fs.renameSync(path.join(staging, 'wlp'), path.join(staging, 'lafiles-src'));
  fs.mkdirSync(path.join(staging, 'lafiles'));
  for (const name of ['LICENSE', 'NOTICES']) {
    const from = path.join(staging, 'lafiles-src', name);
    if (fs.existsSync(from)) fs.renameSync(from, path.join(staging, 'lafiles', name));
  }
  fs.rmSync(path.join(staging, 'lafiles-src'), { recursive: true, force: true });
  fs.symlinkSync(archive, path.join(staging, archiveFileName()));
  fs.writeFileSync(
    path.join(staging, 'repository.config'),
    [
      'LayoutPolicy=Composite',
      'LayoutPolicyVersion=0.0.0.1',
      '# IBM Installation Manager repository for the imcl stand-in: it offers the real Liberty archive next to this file.',
      `offering.0.id=${LIBERTY.offeringId}`,
      `offering.0.version=${LIBERTY.offeringVersion}`,
      `offering.0.name=Liberty ${LIBERTY.version} (${LIBERTY.artifactId})`,
      `offering.0.archive=${archiveFileName()}`,
      '',
    ].join('\n'),
  );
  try {
    fs.renameSync(staging, repo);
  } catch (error) {
    // Another process made it first.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(config)) throw error;
  }
  return repo;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const archive = ensureLibertyArchive();
    const repo = ensureImRepository();
    console.log(`Liberty runtime: ${LIBERTY.groupId}:${LIBERTY.artifactId}:${LIBERTY.version}`);
    console.log(`  archive     ${archive}`);
    console.log(`  repository  ${repo}`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
