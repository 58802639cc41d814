import type { NodeAnswer } from '../farm/answers.js';
import { nodeDefaults, type NodeField } from './question-value.js';

/** The nodes question, one field at a time: how many, then name, HTTP and HTTPS port of each. */
export interface NodesState {
  stage: 'count' | NodeField | 'complete';
  index: number;
  /** Node values as far as answered; the rest come from the earlier answer or the defaults. */
  nodes: NodeAnswer[];
  earlier: NodeAnswer[];
}

export const NODE_FIELDS: NodeField[] = ['name', 'httpPort', 'httpsPort'];

export function nodesInit(earlier: unknown): NodesState {
  const list = Array.isArray(earlier) ? (earlier as NodeAnswer[]).filter((n) => n && typeof n === 'object') : [];
  return { stage: 'count', index: 0, nodes: [], earlier: list };
}

export function nodeProposal(state: NodesState, index: number): NodeAnswer {
  return { ...nodeDefaults(index), ...state.earlier[index] };
}

/** What the input of the current stage starts with. */
export function nodesPrefill(state: NodesState): string {
  if (state.stage === 'count') return String(Math.max(1, state.earlier.length));
  if (state.stage === 'complete') return '';
  return String(state.nodes[state.index]?.[state.stage] ?? nodeProposal(state, state.index)[state.stage]);
}

export function nodesPrompt(state: NodesState): string {
  if (state.stage === 'count') return 'How many nodes (Liberty servers) in the farm?';
  const label = state.stage === 'name' ? 'server name' : state.stage === 'httpPort' ? 'HTTP port' : 'HTTPS port';
  return `Node ${state.index + 1} of ${state.nodes.length}: ${label}`;
}

export type NodesAction = { type: 'count'; count: number } | { type: 'field'; value: string | number } | { type: 'restart-at'; index: number };

export function nodesReducer(state: NodesState, action: NodesAction): NodesState {
  switch (action.type) {
    case 'count': {
      const nodes = Array.from({ length: action.count }, (_, i) => nodeProposal(state, i));
      return { ...state, nodes, index: 0, stage: action.count > 0 ? 'name' : 'complete' };
    }
    case 'field': {
      if (state.stage === 'count' || state.stage === 'complete') return state;
      const nodes = state.nodes.map((node, i) => (i === state.index ? { ...node, [state.stage]: action.value } : node));
      const at = NODE_FIELDS.indexOf(state.stage);
      if (at < NODE_FIELDS.length - 1) return { ...state, nodes, stage: NODE_FIELDS[at + 1] };
      if (state.index + 1 < nodes.length) return { ...state, nodes, index: state.index + 1, stage: 'name' };
      return { ...state, nodes, stage: 'complete' };
    }
    case 'restart-at':
      return { ...state, index: Math.min(action.index, Math.max(0, state.nodes.length - 1)), stage: state.nodes.length ? 'name' : 'count' };
  }
}
