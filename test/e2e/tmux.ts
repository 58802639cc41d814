import { execFileSync } from 'node:child_process';

/** A real terminal for end-to-end tests: a detached tmux session of 80×24 on a private server. */

let sessions = 0;

export class TmuxSession {
  readonly name: string;
  private readonly socket: string;

  /** Runs `argv` in `cwd` with `env` added (CI removed: the wizard would not ask in CI); prints "[exit N]" when it ends. */
  constructor(argv: string[], options: { cwd: string; env?: Record<string, string>; width?: number; height?: number }) {
    this.name = `pmf-e2e-${process.pid}-${++sessions}`;
    this.socket = this.name;
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${quote(v)}`);
    const command = `env -u CI ${env.join(' ')} ${argv.map(quote).join(' ')}; echo "[exit $?]"; sleep 600`;
    this.tmux(['-f', '/dev/null', 'new-session', '-d', '-s', this.name, '-x', String(options.width ?? 80), '-y', String(options.height ?? 24), '-c', options.cwd, command]);
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** The visible screen as text; with `escapes`, with its SGR attributes (colours, inverse). */
  screen(escapes = false): string {
    return this.tmux(['capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.name]);
  }

  /** Everything the terminal printed, scrolled-off lines included (they depend on how long the paths are). */
  history(): string {
    return this.tmux(['capture-pane', '-p', '-S', '-', '-E', '-', '-t', this.name]);
  }

  /** Key names as tmux knows them: Enter, Down, C-u, C-c, y. */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.name, ...keys]);
  }

  /** Literal text. */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /** Polls the screen until it shows `expected`; fails with the screen at the deadline. */
  async waitFor(expected: string | RegExp | ((screen: string) => boolean), timeoutMs = 20_000, pollMs = 50): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof expected === 'string' ? screen.includes(expected) : typeof expected === 'function' ? expected(screen) : expected.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`tmux: timed out after ${timeoutMs} ms waiting for ${String(expected)}; screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** Waits for the program to end and returns its exit code. */
  async exitCode(timeoutMs = 20_000): Promise<number> {
    const screen = await this.waitFor(/\[exit \d+\]/, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(screen)![1]);
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // Already gone.
    }
  }
}
