import { useInput } from 'ink';
import { useEffect, useReducer, useState } from 'react';
import { isCtrlC } from './keys.js';
import { wizardReducer, type WizardState } from './state.js';
import { WizardController, type WizardProps } from './wizard-controller.js';

/**
 * The wizard's state and its controller, wired to the terminal: Ctrl+C, the CLI's signal, the
 * run that starts once the questions are answered, and the exit. The props are read at mount.
 */
export function useWizard(props: WizardProps): { state: WizardState; wizard: WizardController } {
  const [wizard] = useState(() => new WizardController(props));
  // The opening resolves the answers once, here, so that what is already answered is in the first frame.
  const [state, dispatch] = useReducer(wizardReducer, undefined, () => ({ ...wizard.opening(), verbose: props.verbose }));
  wizard.sync(state, dispatch);

  useInput((input, key) => {
    if (isCtrlC(input, key)) wizard.interrupt();
  });

  const { signal, onExit } = props;
  useEffect(() => {
    if (!signal) return;
    const interrupt = () => wizard.interrupt();
    if (signal.aborted) interrupt();
    signal.addEventListener('abort', interrupt);
    return () => signal.removeEventListener('abort', interrupt);
  }, [signal, wizard]);

  const { phase, asking } = state;
  useEffect(() => {
    if (phase.name === 'questions' && asking && !asking.flow.next) wizard.proceed(asking.flow);
  }, [phase, asking, wizard]);

  useEffect(() => {
    if (phase.name === 'finished') onExit(phase.exitCode);
    // Once per end: a new onExit from a re-render must not report it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [phase]);

  return { state, wizard };
}
