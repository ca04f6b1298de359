import type { EmulatorSettings, FalEmulatorOptions, Route } from '../../emulator';

/** What the bench reads back after a run: enough to split its time into phases. */
export interface RecordedRequestLite {
	at: number;
	route: Route;
	path: string;
}

export interface RecordedJobLite {
	requestId: string;
	submittedAt: number;
	startedAt?: number;
	completedAt?: number;
	/** Size of the job's first image. */
	imageBytes?: number;
}

export interface Records {
	requests: RecordedRequestLite[];
	jobs: RecordedJobLite[];
}

export type HostCommand =
	| { type: 'start'; options: FalEmulatorOptions }
	| { type: 'set'; options: Partial<EmulatorSettings> }
	/** Requests and jobs from `since` (epoch ms) on. */
	| { type: 'records'; since: number }
	| { type: 'close' };

export type HostReply = { proxyUrl: string } | Records | Record<string, never>;

export interface HostMessage {
	id: number;
	command: HostCommand;
}

export interface HostAnswer {
	id: number;
	reply?: HostReply;
	error?: string;
}
