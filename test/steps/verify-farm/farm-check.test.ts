import { describe, expect, it } from 'vitest';
import type { FarmAnswer } from '../../../source/adapters/pmf-admin.js';
import type { FarmNode } from '../../../source/farm/nodes.js';
import { farmCheck, type FarmListing } from '../../../steps/verify-farm/checks.js';
import type { NodeView } from '../../../steps/verify-farm/views.js';

function view(name: string, status: NodeView['status'] = 'running', reloadsKeystore = false): NodeView {
  const farmNode = { index: 0, node: { name, httpPort: 9080, httpsPort: 9443 }, serverDir: `/srv/${name}`, serverXml: `/srv/${name}/server.xml` } as Pick<FarmNode, 'index' | 'node' | 'serverDir' | 'serverXml'>;
  return { farmNode: farmNode as FarmNode, name, base: 'http://127.0.0.1:9080', status, entries: [], reloadsKeystore, jmxHost: 'vm', serverId: name, ltpa: { file: '', password: '' } };
}

const member = (serverId: string, status: string, error?: string) => ({ serverId, host: 'vm', port: '9443', status, error });

describe('the farm check reads one node\'s Server Farm Nodes', () => {
  const views = [view('pmf1'), view('pmf2'), view('pmf3')];
  const listing = (answer: FarmAnswer): FarmListing => ({ asked: views[0], answer });

  it('marks each node by its own status in the list, with the repair of the one that is not ALIVE', () => {
    const answer: FarmAnswer = { ok: true, url: 'u', numberOfNodes: 2, members: [member('pmf1', 'ALIVE'), member('pmf2', 'UNREACHABLE', 'FWLSE3207E: javax.net.ssl.SSLHandshakeException: PKIX path building failed')] };
    const [one, two, three] = views.map((v) => farmCheck(v, views, listing(answer)));
    expect(one.cell).toMatchObject({ ok: true, cell: 'ALIVE' });
    expect(one.failures).toEqual([]);
    expect(two.cell).toMatchObject({ ok: false, cell: 'UNREACHABLE' });
    expect(two.failures).toHaveLength(1);
    expect(two.failures[0].detail).toContain("pmf1's Server Farm Nodes lists pmf2 as UNREACHABLE");
    expect(two.failures[0].repair).toBe("pmf-wizard --resume imports pmf2's certificate into pmf1's keystore and restarts pmf1");
    expect(three.cell).toMatchObject({ ok: false, cell: 'NOT LISTED' });
    expect(three.failures[0].repair).toContain('starts pmf3');
  });

  it('promises no restart to a node that reloads its keystore while it runs', () => {
    const reloading = [view('pmf1', 'running', true), view('pmf2')];
    const answer: FarmAnswer = { ok: true, url: 'u', numberOfNodes: 2, members: [member('pmf1', 'ALIVE'), member('pmf2', 'UNREACHABLE', 'FWLSE3207E: javax.net.ssl.SSLHandshakeException: PKIX path building failed')] };
    const two = farmCheck(reloading[1], reloading, { asked: reloading[0], answer });
    expect(two.failures[0].repair).toBe("pmf-wizard --resume imports pmf2's certificate into pmf1's keystore and pmf1 reloads it (no restart)");
  });

  it('reports a refused administration API once, on the node that was asked', () => {
    const answer: FarmAnswer = { ok: false, url: 'u', status: 401, detail: 'GET u answered 401: user admin or its password is not accepted' };
    const results = views.map((v) => farmCheck(v, views, listing(answer)));
    expect(results.every((r) => !r.cell.ok)).toBe(true);
    expect(results.flatMap((r) => r.failures)).toHaveLength(1);
    expect(results[0].failures[0].repair).toBe('check pmf.adminUser and pmf.adminPassword');
  });

  it('is not applicable to a single node, and fails without a repair of its own when no node runs', () => {
    expect(farmCheck(views[0], [views[0]], undefined).cell).toMatchObject({ ok: true, cell: 'n/a' });
    const none = farmCheck(views[1], views, undefined);
    expect(none.cell.ok).toBe(false);
    expect(none.failures).toEqual([]);
  });
});
