import { Box, Text } from 'ink';
import { useEffect, useReducer, useState } from 'react';
import { issuesOf, problemWith, type Question } from '../engine/questions.js';
import { nodesChoices, nodesChosen, nodesInit, nodesPrefill, nodesPrompt, nodesReducer, type NodesAction, type NodesState } from './nodes-state.js';
import { describeNodes, nodeFieldProblem, numberOrText } from './question-value.js';
import { Select } from './Select.js';
import { TextInput } from './TextInput.js';
import { useTheme } from './theme.js';

export interface NodesInputProps {
  question: Question;
  prefill: unknown;
  onSubmit: (nodes: unknown) => void;
  /** Esc at the proposed farms; at a later field, Esc goes back one field. */
  onBack?: () => void;
  /** Whether the proposed farms (a list) are on screen, for the keys the form tells. */
  onListing?: (listing: boolean) => void;
  /** The nodes being typed once their number is known (undefined while it is not): the steps that take part follow it. */
  onDraft?: (nodes: unknown[] | undefined) => void;
  isActive?: boolean;
}

/**
 * One answer for the usual farms (1 to 4 nodes with names and ports proposed), or "other": how
 * many nodes, then the name, HTTP and HTTPS port of each (pmfN, 9080+i, 9443+i proposed).
 */
export function NodesInput({ question, prefill, onSubmit, onBack, onListing, onDraft, isActive = true }: NodesInputProps) {
  const theme = useTheme();
  const [state, dispatch] = useReducer(nodesReducer, prefill, (earlier) => nodesInit(earlier, question.portsInUse?.()));
  const [problem, setProblem] = useState<string>();
  const [round, setRound] = useState(0);
  const listing = state.stage === 'count' && !state.typing;
  useEffect(() => onListing?.(listing), [listing, onListing]);
  const draft = state.stage === 'count' ? undefined : state.nodes;
  useEffect(() => onDraft?.(draft), [draft, onDraft]);

  /** The whole farm is checked once more (an earlier answer may clash): a problem reopens the fields of its node. */
  const complete = (next: NodesState, action: NodesAction) => {
    const whole = problemWith(question, next.nodes);
    dispatch(action);
    if (!whole) return onSubmit(next.nodes);
    setProblem(whole);
    const at = issuesOf(question.schema, next.nodes)[0]?.path[0];
    dispatch({ type: 'restart-at', index: typeof at === 'number' ? at : 0 });
    setRound((r) => r + 1);
  };

  const choose = (value: string) => {
    setProblem(undefined);
    if (value === 'other') {
      dispatch({ type: 'other' });
      setRound((r) => r + 1);
      return;
    }
    const action: NodesAction = { type: 'accept', count: Number(value) };
    complete(nodesReducer(state, action), action);
  };

  const accept = (text: string) => {
    if (state.stage === 'count') {
      const count = numberOrText(text);
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 50) {
        setProblem(count === 0 ? problemWith(question, []) : 'must be a whole number from 1 to 50');
        return;
      }
      setProblem(undefined);
      dispatch({ type: 'count', count });
    } else if (state.stage !== 'complete') {
      const value = state.stage === 'name' ? text.trim() : numberOrText(text);
      const nodes = state.nodes.map((node, i) => (i === state.index ? { ...node, [state.stage]: value } : node));
      const found = nodeFieldProblem(question, nodes, state.index, state.stage);
      if (found) {
        setProblem(found);
        return;
      }
      setProblem(undefined);
      const next = nodesReducer(state, { type: 'field', value });
      if (next.stage === 'complete') return complete(next, { type: 'field', value });
      dispatch({ type: 'field', value });
    }
    setRound((r) => r + 1);
  };

  const back = () => {
    setProblem(undefined);
    dispatch({ type: 'back' });
    setRound((r) => r + 1);
  };

  if (state.stage === 'complete') return <Text>{describeNodes(state.nodes)}</Text>;
  if (listing) return <FarmChoices key={round} state={state} problem={problem} onChoose={choose} onBack={onBack} isActive={isActive} />;
  const done = state.stage === 'count' ? [] : state.nodes.slice(0, state.index);
  return (
    <Box flexDirection="column">
      {done.length ? <Text dimColor={theme.dim} wrap="truncate-end">{`  so far: ${describeNodes(done)}`}</Text> : null}
      <Text>{nodesPrompt(state)}</Text>
      <Box>
        <Text color={theme.accent}>{'❯ '}</Text>
        <TextInput key={round} placeholder={nodesPrefill(state)} onSubmit={accept} onBack={back} isActive={isActive} />
      </Box>
      {problem ? <Text color={theme.error}>{`✖ ${problem}`}</Text> : null}
    </Box>
  );
}

interface FarmChoicesProps {
  state: NodesState;
  problem?: string;
  onChoose: (value: string) => void;
  onBack?: () => void;
  isActive: boolean;
}

/** The proposed farms, the earlier count focused, and "other". */
function FarmChoices({ state, problem, onChoose, onBack, isActive }: FarmChoicesProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text>{nodesPrompt(state)}</Text>
      <Select options={nodesChoices(state)} initial={nodesChosen(state)} limit={6} onSubmit={onChoose} onBack={onBack} isActive={isActive} />
      {problem ? <Text color={theme.error}>{`✖ ${problem}`}</Text> : null}
    </Box>
  );
}
