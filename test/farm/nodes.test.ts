import { describe, expect, it } from 'vitest';
import { farmSettingsOf, jndiEntries } from '../../source/farm/nodes.js';
import { peerAlias } from '../../steps/trust-and-ltpa/keystores.js';

const FARM_XML = `<server>
  <!-- <jndiEntry jndiName="mfp.topology.clustermode" value="Standalone"/> -->
  <jndiEntry jndiName="mfp.topology.clustermode" value='"Farm"'/>
  <jndiEntry jndiName="mfp.admin.serverid" value="pmf2"/>
  <jndiEntry jndiName="mfp.admin.jmx.host" value="vm"/>
  <jndiEntry jndiName="mfp.admin.jmx.port" value="9444"/>
</server>`;

describe('farm settings in server.xml', () => {
  it('reads the JNDI entries, quotes removed, comments ignored', () => {
    expect(jndiEntries(FARM_XML)).toEqual({ 'mfp.topology.clustermode': 'Farm', 'mfp.admin.serverid': 'pmf2', 'mfp.admin.jmx.host': 'vm', 'mfp.admin.jmx.port': '9444' });
    expect(farmSettingsOf(FARM_XML, { name: 'pmf2', httpPort: 9081, httpsPort: 9444 })).toMatchObject({ ok: true, serverId: 'pmf2', jmxHost: 'vm' });
  });

  it('says what is missing: stand-alone mode, a JMX port that is not the HTTPS port', () => {
    const standalone = FARM_XML.replace(`'"Farm"'`, '"Standalone"').replace('value="9444"', 'value="9443"');
    const settings = farmSettingsOf(standalone, { name: 'pmf2', httpPort: 9081, httpsPort: 9444 });
    expect(settings.ok).toBe(false);
    expect(settings.detail).toContain('mfp.topology.clustermode is Standalone, not Farm');
    expect(settings.detail).toContain('mfp.admin.jmx.port is 9443, not its HTTPS port 9444');
    expect(farmSettingsOf(undefined, { name: 'pmf3', httpPort: 1, httpsPort: 2 }).ok).toBe(false);
  });

  it('uses stable, lower-case aliases for peers', () => {
    expect(peerAlias('PMF2')).toBe('farm-pmf2');
  });
});
