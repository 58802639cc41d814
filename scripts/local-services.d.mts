export interface RunningMariaDb {
  host: string;
  port: number;
  rootPassword: string;
  stop(): Promise<void>;
}
export function freePort(): Promise<number>;
export function startMariaDb(): Promise<RunningMariaDb>;
export function stopServers(server: string, names: string[], env?: NodeJS.ProcessEnv): void;
