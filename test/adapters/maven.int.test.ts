import { describe, expect, it } from 'vitest';
import { ensureLibertyArchive } from '../../scripts/liberty-runtime.mjs';
import { archiveLicense, readZipEntry } from '../../source/adapters/archive.js';

describe('the maven route', () => {
  it('reads the license of the real archive without unpacking it', () => {
    const archive = ensureLibertyArchive();
    expect(archiveLicense(archive)).toBe('Eclipse Public License - v 2.0');
    expect(readZipEntry(archive, 'wlp/lib/versions/openliberty.properties')?.toString()).toContain('com.ibm.websphere.productVersion=26.0.0.3');
    expect(readZipEntry(archive, 'wlp/no-such-file')).toBeUndefined();
  });
});
