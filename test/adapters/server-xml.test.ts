/** The server.xml module: the applications it declares, read as Liberty reads them. */
import { describe, expect, it } from 'vitest';
import { declaredApplications } from '../../source/adapters/server-xml.js';

describe('declaredApplications', () => {
  it('lists <application> and <webApplication>, skips comments, defaults the context root to /name', () => {
    const xml = [
      '<server>',
      '  <!-- <application id="old" name="old" context-root="/old"/> -->',
      '  <application id="mfpadmin" name="mfpadmin" location="a.war" context-root="/mfpadmin"/>',
      "  <application id='mfp' name='mfp' location='b.war' contextRoot='/mfp'/>",
      '  <webApplication name="push" location="p.war"/>',
      '  <applicationManager autoExpand="true"/>',
      '</server>',
    ].join('\n');
    expect(declaredApplications(xml)).toEqual([
      { id: 'mfpadmin', name: 'mfpadmin', contextRoot: '/mfpadmin', location: 'a.war' },
      { id: 'mfp', name: 'mfp', contextRoot: '/mfp', location: 'b.war' },
      { id: undefined, name: 'push', contextRoot: '/push', location: 'p.war' },
    ]);
  });
});
