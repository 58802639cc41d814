import { LogView } from './LogView.js';
import { PhaseView } from './PhaseView.js';
import { useWizard } from './useWizard.js';
import type { WizardProps } from './wizard-controller.js';

/** The interactive wizard: the finished lines, then what the current phase asks or shows. */
export function App(props: WizardProps) {
  const { state, wizard } = useWizard(props);
  return (
    <>
      <LogView lines={state.log} />
      <PhaseView state={state} wizard={wizard} steps={props.steps} stateDir={props.stateDir} cwd={props.cwd} resumeCommand={props.resumeCommand} dryRun={props.dryRun} />
    </>
  );
}
