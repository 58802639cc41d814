import { describe, expect, it } from 'vitest';
import { imclFix } from '../../../steps/install-liberty/fixes.js';

const request = { imclPath: '/opt/imcl', packageId: 'com.ibm.websphere.liberty.v85', repositoryDir: '/srv/repo', installDir: '/opt/wlp' };

describe('imclFix reads what imcl printed', () => {
  it.each([
    ['ERROR: The license must be accepted: add -acceptLicense to install.', /set liberty.acceptLicense to true/],
    ['ERROR: Cannot find package com.ibm.nope in the specified repositories: /srv/repo.', /Check liberty.packageId: `\/opt\/imcl listAvailablePackages -repositories \/srv\/repo`/],
    ['ERROR: Cannot connect to repository at /srv/repo.\n  No repository found at the location /srv/repo', /Set liberty.repositoryDir to the directory where you extracted the Liberty installer/],
    ['ERROR: The installation directory /opt/wlp is not writable.', /Choose a liberty.installDir this user can write to/],
    ['ERROR: com.ibm.websphere.liberty.v85 is already installed in /opt/wlp.', /already holds this package/],
    ['ERROR: something new', /Read the output above/],
  ])('%s', (output, fix) => {
    expect(imclFix(output, request, '/nonexistent/state')).toMatch(fix);
  });
});
