import fs from 'node:fs';
import path from 'node:path';
import type { Redactor } from './redact.js';

/** The log of one run under <state>/logs; every line passes through the redactor. */
export class RunLog {
  readonly file: string | undefined;
  private readonly fd: number | undefined;

  constructor(private readonly redactor: Redactor, logDir?: string, runId?: string) {
    if (logDir && runId) {
      fs.mkdirSync(logDir, { recursive: true, mode: 0o700 });
      this.file = path.join(logDir, `run-${runId}.log`);
      this.fd = fs.openSync(this.file, 'a', 0o600);
    }
  }

  write(line: string): void {
    if (this.fd === undefined) return;
    const stamp = new Date().toISOString();
    fs.writeSync(this.fd, `${stamp} ${this.redactor.redact(line)}\n`);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
  }
}
