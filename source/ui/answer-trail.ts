/**
 * The answers of this session, apart from their values: the order they were given in (Esc goes
 * back along it), those asked again on the way forward, and those a draft keeps. No terminal.
 */
export class AnswerTrail {
  private readonly order: string[] = [];
  /** Answered before, asked again going forward after Esc (their answer as the prefill). */
  readonly again = new Set<string>();
  /** Typed in this session, or taken from a draft of an earlier one: what a new draft keeps. */
  readonly typed = new Set<string>();
  /** Something was typed since the last run started (a draft is worth keeping). */
  typedSinceRun = false;

  answered(path: string): void {
    const at = this.order.indexOf(path);
    if (at >= 0) this.order.splice(at, 1);
    this.order.push(path);
    this.again.delete(path);
    this.typed.add(path);
    this.typedSinceRun = true;
  }

  /** The question before `current`: asked now, and `current` again after it; undefined at the first. */
  back(current?: string): string | undefined {
    const previous = this.order.pop();
    if (previous === undefined) return undefined;
    if (current !== undefined) this.again.add(current);
    this.again.add(previous);
    return previous;
  }

  /** Answers taken from a draft: kept again if this session ends before a run too. */
  took(paths: Iterable<string>): void {
    for (const path of paths) this.typed.add(path);
    this.typedSinceRun = true;
  }

  runStarted(): void {
    this.typedSinceRun = false;
  }
}
