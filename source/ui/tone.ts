import type { Tone } from './state.js';
import type { Theme } from './theme.js';

/** Text props for a tone; with NO_COLOR none of them colours or dims. */
export function toneProps(theme: Theme, tone: Tone): { color?: string; dimColor?: boolean; bold?: boolean } {
  switch (tone) {
    case 'ok':
      return { color: theme.ok };
    case 'warn':
      return { color: theme.warn };
    case 'error':
      return { color: theme.error };
    case 'info':
      return { color: theme.accent };
    case 'dim':
      return { dimColor: theme.dim };
    case 'title':
      return { bold: theme.color };
    default:
      return {};
  }
}
