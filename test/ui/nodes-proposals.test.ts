import { describe, expect, it } from 'vitest';
import { nodesChoices, nodesChosen, nodesInit, nodesPrefill, nodesReducer, type NodesAction, type NodesState } from '../../source/ui/nodes-state.js';
import { nodeDefaults } from '../../source/ui/question-value.js';

const run = (state: NodesState, ...actions: NodesAction[]) => actions.reduce(nodesReducer, state);

describe('the nodes proposed', () => {
  it('follow the node before: its ports plus one, skipping a name or a port the farm already uses', () => {
    expect(nodeDefaults(0)).toEqual({ name: 'pmf1', httpPort: 9080, httpsPort: 9443 });
    expect(nodeDefaults(1, [{ name: 'pmf1', httpPort: 30081, httpsPort: 30444 }])).toEqual({ name: 'pmf2', httpPort: 30082, httpsPort: 30445 });
    // pmf1 took 9080 and 9081: pmf2's HTTP port cannot be 9081.
    expect(nodeDefaults(1, [{ name: 'pmf2', httpPort: 9080, httpsPort: 9081 }])).toEqual({ name: 'pmf3', httpPort: 9082, httpsPort: 9083 });
  });

  it("skip the ports something on this machine listens on, as the first node's proposal does", () => {
    const busy = new Set([9081, 9444, 9445]);
    expect(nodeDefaults(1, [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }], busy)).toEqual({ name: 'pmf2', httpPort: 9082, httpsPort: 9446 });
    const state = nodesInit([{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }], busy);
    expect(nodesChoices(state)[1].label).toBe('2 nodes: pmf1 (9080/9443), pmf2 (9082/9446)');
    const typed = run(state, { type: 'count', count: 2 }, { type: 'field', value: 'pmf1' }, { type: 'field', value: 9080 }, { type: 'field', value: 9443 });
    expect(typed.nodes[1]).toEqual({ name: 'pmf2', httpPort: 9082, httpsPort: 9446 });
  });

  it('after node 1 got 30081/30444, node 2 is offered 30082/30445; a node typed already keeps its values', () => {
    let state = run(nodesInit(undefined), { type: 'count', count: 3 }, { type: 'field', value: 'pmf1' }, { type: 'field', value: 30081 }, { type: 'field', value: 30444 });
    expect(state).toMatchObject({ stage: 'name', index: 1 });
    expect(state.nodes[1]).toEqual({ name: 'pmf2', httpPort: 30082, httpsPort: 30445 });
    state = run(state, { type: 'field', value: 'pmf2' }, { type: 'field', value: 30090 });
    expect(nodesPrefill(state)).toBe('30445');
    state = run(state, { type: 'field', value: 30445 });
    expect(state.nodes[2]).toEqual({ name: 'pmf3', httpPort: 30091, httpsPort: 30446 });
    // Earlier answers (a previous run, an answers file) are proposals of their own: kept, not followed.
    const earlier = [
      { name: 'a', httpPort: 1000, httpsPort: 2000 },
      { name: 'b', httpPort: 5000, httpsPort: 6000 },
    ];
    const again = run(nodesInit(earlier), { type: 'count', count: 2 }, { type: 'field', value: 'a' }, { type: 'field', value: 1100 }, { type: 'field', value: 2100 });
    expect(again.nodes[1]).toEqual(earlier[1]);
  });

  it('one answer takes a whole farm: the choices propose 1 to 4 nodes with names and ports, the earlier count focused', () => {
    const state = nodesInit([{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }]);
    const choices = nodesChoices(state);
    expect(choices.map((c) => c.label)).toEqual([
      '1 node: pmf1 (9080/9443)',
      '2 nodes: pmf1 (9080/9443), pmf2 (9081/9444)',
      '3 nodes: pmf1 … pmf3, HTTP 9080–9082, HTTPS 9443–9445',
      '4 nodes: pmf1 … pmf4, HTTP 9080–9083, HTTPS 9443–9446',
      'Another number of nodes, or other names or ports',
    ]);
    expect(choices.at(-1)?.value).toBe('other');
    expect(nodesChosen(state)).toBe('1');
    const farm = run(state, { type: 'accept', count: 2 });
    expect(farm).toMatchObject({
      stage: 'complete',
      nodes: [
        { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
        { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
      ],
    });
    // An earlier farm of custom ports: its own nodes, and the next ones follow them.
    const custom = nodesInit([{ name: 'web1', httpPort: 30081, httpsPort: 30444 }]);
    expect(nodesChoices(custom)[1].label).toBe('2 nodes: web1 (30081/30444), pmf2 (30082/30445)');
  });
});
