// Types of emulator-process.mjs.
export declare const REPO_ROOT: string;
export declare function uvCommand(): string;
export interface EmulatorProcess {
  baseUrl: string;
  stop(): Promise<void>;
}
export declare function startEmulatorProcess(project: string, token: string): Promise<EmulatorProcess>;
/** The part of `PygenClient` `freshSpace` uses (structural, so this file needs no runtime import). */
export interface PostingClient {
  post<T = unknown>(path: string, body: unknown): Promise<T>;
}
export declare function freshSpace(client: PostingClient, space: string): Promise<string>;
