/** Replaces every known secret with ****, wherever it appears in a string. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short values would mask ordinary words; no accepted secret is that short.
    if (secret && secret.length >= 3) this.secrets.add(secret);
  }

  /** Whether this exact value is a registered secret (an environment variable holding one is kept from children). */
  isSecret(value: string | undefined): boolean {
    return value !== undefined && this.secrets.has(value);
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join('****');
    }
    return out;
  }
}
