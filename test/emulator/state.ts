import type { ServerResponse } from 'node:http';

import type { Clock } from './clock';
import type { JobRunner } from './jobs';
import type { Timers } from './timers';
import type { WebhookDispatcher } from './webhooks';
import type {
	EmulatorBehaviour,
	EmulatorJob,
	EmulatorSettings,
	RecordedRequest,
	StoredFile,
} from './types';

/** An upload started by `initiate`, waiting for its PUT. */
export interface PendingUpload {
	fileUrl: string;
	contentType: string;
	fileName: string;
	/** From the initiate's `x-fal-object-lifecycle-preference`. */
	lifetimeSeconds?: number;
	lifetimeHeader?: string;
}

/** What route handlers share; built by FalEmulator with live views of its public fields. */
export interface EmulatorState {
	readonly url: string;
	readonly options: EmulatorSettings;
	readonly behaviour: EmulatorBehaviour;
	readonly requests: RecordedRequest[];
	readonly jobs: Map<string, EmulatorJob>;
	readonly uploads: Map<string, StoredFile>;
	readonly media: Map<string, StoredFile>;
	readonly pendingUploads: Map<string, PendingUpload>;
	readonly runner: JobRunner;
	readonly timers: Timers;
	/** The time files expire by; tests move it forward. */
	readonly clock: Clock;
	/** Streams and stalled answers still open: ended on reset and close. */
	readonly openResponses: Set<ServerResponse>;
	/** fal_webhook deliveries. */
	readonly webhooks: WebhookDispatcher;
	log(line: string): void;
}
