// Types of emulator-process.mjs.
export declare const REPO_ROOT: string;
export declare function uvCommand(): string;
export interface EmulatorProcess {
  baseUrl: string;
  stop(): Promise<void>;
}
export declare function startEmulatorProcess(project: string, token: string): Promise<EmulatorProcess>;
