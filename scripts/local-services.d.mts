export function freePort(): Promise<number>;
export function startMariaDb(): Promise<{ host: string; port: number; rootPassword: string; stop(): Promise<void> }>;
