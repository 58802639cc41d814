import type { NodeAnswer } from '../farm/answers.js';
import type { Choice } from '../engine/questions.js';
import { describeNodes, nodeDefaults, type NodeField } from './question-value.js';

/** The nodes question, one field at a time: how many, then name, HTTP and HTTPS port of each. */
export interface NodesState {
  stage: 'count' | NodeField | 'complete';
  index: number;
  /** Node values as far as answered; the rest come from the earlier answer or the defaults. */
  nodes: NodeAnswer[];
  earlier: NodeAnswer[];
  /** "other" was picked from the proposed farms: the count and each field are typed. */
  typing: boolean;
  /** Ports something on this machine listens on: no proposal takes them. */
  busy: ReadonlySet<number>;
}

export const NODE_FIELDS: NodeField[] = ['name', 'httpPort', 'httpsPort'];

export function nodesInit(earlier: unknown, busy: ReadonlySet<number> = new Set()): NodesState {
  const list = Array.isArray(earlier) ? (earlier as NodeAnswer[]).filter((n) => n && typeof n === 'object') : [];
  return { stage: 'count', index: 0, nodes: [], earlier: list, typing: false, busy };
}

/** Node `index` as proposed: the earlier answer, else the defaults following the nodes before it. */
export function nodeProposal(state: NodesState, index: number, before: readonly NodeAnswer[] = state.nodes.slice(0, index)): NodeAnswer {
  return { ...nodeDefaults(index, before, state.busy), ...state.earlier[index] };
}

/** `count` nodes: those already typed, then proposals, each following the one before. */
function proposedNodes(state: NodesState, count: number): NodeAnswer[] {
  const nodes: NodeAnswer[] = [];
  for (let i = 0; i < count; i++) nodes.push(state.nodes[i] ?? nodeProposal(state, i, nodes));
  return nodes;
}

const sameNode = (a: NodeAnswer | undefined, b: NodeAnswer) => a?.name === b.name && a.httpPort === b.httpPort && a.httpsPort === b.httpsPort;

/** After node `state.index` changed: the later nodes still as proposed follow it (pmf1 on 30081 → pmf2 on 30082). */
function followingChanged(state: NodesState, nodes: NodeAnswer[]): NodeAnswer[] {
  const out = [...nodes];
  for (let j = state.index + 1; j < out.length; j++) {
    if (sameNode(state.nodes[j], nodeProposal(state, j, state.nodes.slice(0, j)))) out[j] = nodeProposal(state, j, out.slice(0, j));
  }
  return out;
}

/** What the input of the current stage starts with. */
export function nodesPrefill(state: NodesState): string {
  if (state.stage === 'count') return String(state.nodes.length || Math.max(1, state.earlier.length));
  if (state.stage === 'complete') return '';
  return String(state.nodes[state.index]?.[state.stage] ?? nodeProposal(state, state.index)[state.stage]);
}

export function nodesPrompt(state: NodesState): string {
  if (state.stage === 'count') return state.typing ? NODES_COUNT_TYPED : 'How many nodes (Liberty servers) in the farm?';
  const label = state.stage === 'name' ? 'server name' : state.stage === 'httpPort' ? 'HTTP port' : 'HTTPS port';
  return `Node ${state.index + 1} of ${state.nodes.length}: ${label}`;
}

/** The count as typed after "other": the name and ports of each node follow. */
export const NODES_COUNT_TYPED = 'How many nodes (1 to 50)? The name and ports of each follow.';

/** The farms proposed at the count: one answer takes a count with its names and ports; "other" goes on to the count and the fields. */
export function nodesChoices(state: NodesState): Choice[] {
  const largest = Math.max(4, state.earlier.length);
  const farms = Array.from({ length: largest }, (_, i) => proposedNodes({ ...state, nodes: [] }, i + 1));
  return [...farms.map((nodes) => ({ value: String(nodes.length), label: farmLabel(nodes) })), { value: 'other', label: 'Another number of nodes, or other names or ports' }];
}

/** "2 nodes: pmf1 (9080/9443), pmf2 (9081/9444)"; from 3 nodes on, the first and the last when the ports run on. */
function farmLabel(nodes: NodeAnswer[]): string {
  const head = `${nodes.length} node${nodes.length === 1 ? '' : 's'}: `;
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  const runOn = nodes.every((node, i) => node.httpPort === first.httpPort + i && node.httpsPort === first.httpsPort + i);
  if (nodes.length < 3 || !runOn) return head + describeNodes(nodes);
  return `${head}${first.name} … ${last.name}, HTTP ${first.httpPort}–${last.httpPort}, HTTPS ${first.httpsPort}–${last.httpsPort}`;
}

/** The choice focused first: the earlier answer's count. */
export function nodesChosen(state: NodesState): string {
  return String(Math.max(1, state.earlier.length));
}

export type NodesAction = { type: 'accept'; count: number } | { type: 'other' } | { type: 'count'; count: number } | { type: 'field'; value: string | number } | { type: 'restart-at'; index: number } | { type: 'back' };

export function nodesReducer(state: NodesState, action: NodesAction): NodesState {
  switch (action.type) {
    case 'accept':
      return { ...state, nodes: proposedNodes({ ...state, nodes: [] }, action.count), index: 0, stage: 'complete' };
    case 'other':
      return { ...state, typing: true };
    case 'count': {
      // Back at the count, what was typed for the nodes that stay is kept.
      const nodes = proposedNodes(state, action.count);
      return { ...state, nodes, typing: true, index: 0, stage: action.count > 0 ? 'name' : 'complete' };
    }
    case 'field': {
      if (state.stage === 'count' || state.stage === 'complete') return state;
      const nodes = followingChanged(state, state.nodes.map((node, i) => (i === state.index ? { ...node, [state.stage]: action.value } : node)));
      const at = NODE_FIELDS.indexOf(state.stage);
      if (at < NODE_FIELDS.length - 1) return { ...state, nodes, stage: NODE_FIELDS[at + 1] };
      if (state.index + 1 < nodes.length) return { ...state, nodes, index: state.index + 1, stage: 'name' };
      return { ...state, nodes, stage: 'complete' };
    }
    case 'restart-at':
      return { ...state, typing: true, index: Math.min(action.index, Math.max(0, state.nodes.length - 1)), stage: state.nodes.length ? 'name' : 'count' };
    case 'back':
      return stepBack(state);
  }
}

/** Esc: the field before, its value kept (the count before the first node's name, the proposed farms before the count). */
function stepBack(state: NodesState): NodesState {
  if (state.stage === 'count') return state.typing ? { ...state, typing: false } : state;
  const at = state.stage === 'complete' ? NODE_FIELDS.length : NODE_FIELDS.indexOf(state.stage);
  if (at > 0) return { ...state, stage: NODE_FIELDS[at - 1] };
  if (state.index > 0) return { ...state, index: state.index - 1, stage: NODE_FIELDS[NODE_FIELDS.length - 1] };
  return { ...state, stage: 'count' };
}
