import { createContext, useContext, type ReactNode } from 'react';

/** Colours by meaning; with NO_COLOR every one of them is undefined, so nothing is coloured. */
export interface Theme {
  color: boolean;
  ok?: string;
  warn?: string;
  error?: string;
  accent?: string;
  /** Dimmed text (SGR faint) is styling too: off with NO_COLOR. */
  dim: boolean;
}

export function themeFor(color: boolean): Theme {
  return color ? { color, ok: 'green', warn: 'yellow', error: 'red', accent: 'cyan', dim: true } : { color, dim: false };
}

/** NO_COLOR (any non-empty value, https://no-color.org) turns colour off. */
export function colorWanted(env: NodeJS.ProcessEnv): boolean {
  return !env.NO_COLOR;
}

const ThemeContext = createContext<Theme>(themeFor(true));

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
