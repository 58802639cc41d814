import { describe, expect, it } from 'vitest';
import { LIBERTY } from '../../scripts/liberty-runtime.mjs';
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
});
