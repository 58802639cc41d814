import { Box, Text } from 'ink';
import { useReducer, useState } from 'react';
import { problemWith, type Question } from '../engine/questions.js';
import { nodesInit, nodesPrefill, nodesPrompt, nodesReducer } from './nodes-state.js';
import { describeNodes, nodeFieldProblem, numberOrText } from './question-value.js';
import { TextInput } from './TextInput.js';
import { useTheme } from './theme.js';

export interface NodesInputProps {
  question: Question;
  prefill: unknown;
  onSubmit: (nodes: unknown) => void;
  /** Esc at the count; at a later field, Esc goes back one field. */
  onBack?: () => void;
  isActive?: boolean;
}

/** How many nodes, then the name, HTTP and HTTPS port of each (pmfN, 9080+i, 9443+i proposed). */
export function NodesInput({ question, prefill, onSubmit, onBack, isActive = true }: NodesInputProps) {
  const theme = useTheme();
  const [state, dispatch] = useReducer(nodesReducer, prefill, nodesInit);
  const [problem, setProblem] = useState<string>();
  const [round, setRound] = useState(0);

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
      if (next.stage === 'complete') {
        const whole = problemWith(question, next.nodes);
        if (whole) {
          setProblem(whole);
          const index = Number(/^(\d+)\./.exec(whole)?.[1] ?? 0);
          dispatch({ type: 'field', value });
          dispatch({ type: 'restart-at', index });
          setRound((r) => r + 1);
          return;
        }
        onSubmit(next.nodes);
      }
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
  const done = state.stage === 'count' ? [] : state.nodes.slice(0, state.index);
  return (
    <Box flexDirection="column">
      {done.length ? <Text dimColor={theme.dim} wrap="truncate-end">{`  so far: ${describeNodes(done)}`}</Text> : null}
      <Text>{nodesPrompt(state)}</Text>
      <Box>
        <Text color={theme.accent}>{'❯ '}</Text>
        <TextInput key={round} placeholder={nodesPrefill(state)} onSubmit={accept} onBack={state.stage === 'count' ? onBack : back} isActive={isActive} />
      </Box>
      {problem ? <Text color={theme.error}>{`✖ ${problem}`}</Text> : null}
    </Box>
  );
}
