import { describe, expect, it } from 'vitest';
import { LIBERTY, ensureLibertyArchive } from '../../scripts/liberty-runtime.mjs';
import { archiveLicense, readZipEntry } from '../../source/adapters/archive.js';
import { DEFAULT_LIBERTY_ARTIFACT, mavenCopyCommand, mavenFix, PINNED_LIBERTY } from '../../source/adapters/maven.js';

const request = { artifact: 'io.openliberty:openliberty-nope', version: '26.0.0.3' };

describe('the maven route', () => {
  it('installs by default the runtime the tests pin (scripts/liberty-runtime.mjs)', () => {
    expect(PINNED_LIBERTY).toEqual({ groupId: LIBERTY.groupId, artifactId: LIBERTY.artifactId, version: LIBERTY.version });
    expect(DEFAULT_LIBERTY_ARTIFACT).toBe('io.openliberty:openliberty-webProfile8');
  });

  it('runs the machine\'s mvn with the coordinates, into the download directory', () => {
    const spec = mavenCopyCommand(request, '/srv/dl');
    expect([spec.command, ...spec.args]).toEqual([
      'mvn', '-q', '-B', 'dependency:copy', '-Dartifact=io.openliberty:openliberty-nope:26.0.0.3:zip', '-DoutputDirectory=/srv/dl', '-Dmdep.overWriteReleases=true',
    ]);
  });

  it.each([
    ['[ERROR] Failed to execute goal ...:copy (default-cli) on project standalone-pom: Unable to find/resolve artifact.: Could not find artifact io.openliberty:openliberty-nope:zip:26.0.0.3 in central', /Maven cannot find io\.openliberty:openliberty-nope:26\.0\.0\.3:zip.*maven-metadata\.xml for io\.openliberty:openliberty-nope/],
    ['[ERROR] Could not transfer artifact ... Unknown host mirror.example.net', /cannot reach its repository/],
    ['[ERROR] something else', /Read the output above; `mvn -q -B dependency:copy/],
  ])('%s', (output, fix) => {
    expect(mavenFix(output, request)).toMatch(fix);
  });

  it('reads the license of the real archive without unpacking it', () => {
    const archive = ensureLibertyArchive();
    expect(archiveLicense(archive)).toBe('Eclipse Public License - v 2.0');
    expect(readZipEntry(archive, 'wlp/lib/versions/openliberty.properties')?.toString()).toContain('com.ibm.websphere.productVersion=26.0.0.3');
    expect(readZipEntry(archive, 'wlp/no-such-file')).toBeUndefined();
  });
});
