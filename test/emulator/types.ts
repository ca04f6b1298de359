import type { ServedEndpoint } from './endpoints';
import type { QueuePriority } from './request-headers';

export interface FalEmulatorOptions {
	/** 0 = a random free port (default). */
	port?: number;
	/** Keys accepted in `Authorization: Key <key>`; default ['fal-emulator-key']. */
	validKeys?: string[];
	/** Time a job spends IN_PROGRESS; default 50. */
	processingMs?: number;
	/** Time a job spends IN_QUEUE before IN_PROGRESS; default 0. */
	queueMs?: number;
	/** Pixels of the long side of generated images; default 256. */
	imageLongSide?: number;
	/** If set, images are padded with noise to about this many bytes each. */
	imageBytes?: number;
	/** No request log on stderr; default true (the CLI turns logging on). */
	quiet?: boolean;
	/**
	 * A 401 echoes the credentials it received (whole, URL-encoded, and each
	 * half of the key), as a misbehaving proxy might; default false.
	 */
	echoRejectedKey?: boolean;
	/** First retry of a failed webhook delivery after this many ms, doubling after; default 250. */
	webhookRetryMs?: number;
	/** The longest wait between two delivery attempts; no limit by default. */
	webhookRetryMaxMs?: number;
	/** Retries after a failed first delivery; default 10, as fal. */
	webhookRetries?: number;
	/** Each delivery attempt's time limit; default 15000, as fal. */
	webhookTimeoutMs?: number;
}

/** Options after defaults; mutable at runtime, read when each job or request needs them. */
export type EmulatorSettings = Required<
	Omit<FalEmulatorOptions, 'imageBytes' | 'echoRejectedKey' | 'webhookRetryMaxMs'>
> &
	Pick<FalEmulatorOptions, 'imageBytes' | 'echoRejectedKey' | 'webhookRetryMaxMs'>;

/** How the model answers jobs submitted while it is set. Snapshot per job at submit. */
export interface EmulatorBehaviour {
	/** The model declines: `images: []` and an apologetic description. */
	emptyImages?: boolean;
	/** The result endpoint answers this error after processing, like a model failure. */
	modelError?: { status: number; body: unknown };
	/** Produced media URLs answer 404. */
	missingMedia?: boolean;
	/**
	 * The first `times` downloads of the job's images (all of its images together) answer
	 * `status` (default 500), later ones the image; with `prompt`, only jobs with that prompt.
	 */
	failDownloads?: { times: number; status?: number; prompt?: string };
	/**
	 * With `limit_generations: false` the model makes (and fal bills) this many images more than
	 * `num_images`, as fal says it may; with the limit on, never.
	 */
	extraImagesWithoutLimit?: number;
	/** The webhook delivery carries `payload: null` and `payload_error`, as when fal cannot include it. */
	webhookPayloadError?: boolean;
}

export type FaultRoute =
	| 'submit'
	| 'status'
	| 'stream'
	| 'result'
	| 'cancel'
	| 'media'
	| 'upload-initiate'
	| 'upload'
	| 'jwks';

export type Fault =
	| {
			kind: 'http';
			status: number;
			/** JSON body; default `{ detail: '<status text>' }`. */
			body?: unknown;
			headers?: Record<string, string>;
			/** Send the status, headers and half the body, then a space every 100 ms, never finishing. */
			endless?: boolean;
			times?: number;
	  }
	/** 200 (or `status`) with a text/html garbage body. */
	| { kind: 'not-json'; status?: number; times?: number }
	/**
	 * stream with `afterEvents`: send that many SSE events, then destroy the socket;
	 * otherwise reset the connection at once.
	 */
	| { kind: 'drop'; afterEvents?: number; times?: number }
	/** Send headers (and for media half the body), then never finish. */
	| { kind: 'stall'; times?: number }
	/** Content-Length of the full answer, only half of it sent, then the socket ends. */
	| { kind: 'truncate'; times?: number }
	/** The route's own answer without Content-Length, sent in 16 kB chunks (chunked transfer). */
	| { kind: 'chunked'; times?: number }
	/** Answer normally after `ms`. */
	| { kind: 'delay'; ms: number; times?: number };

export type Route = FaultRoute | 'other';

export interface RecordedRequest {
	at: number;
	method: string;
	/** x-fal-target-url, null for direct requests. */
	targetUrl: string | null;
	/** Path and query of the target (or of the direct request). */
	path: string;
	route: Route;
	/** From `Authorization: Key …`. */
	key: string | null;
	headers: Record<string, string>;
	/** Parsed JSON, or undefined. */
	body: unknown;
	/** What was answered; 0 while unanswered or when the connection was dropped first. */
	status: number;
	/** When the connection closed (answered, dropped or abandoned by the client). */
	endedAt?: number;
}

export type { NanoBananaEndpoint } from './schemas';

export type QueueState = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED';

export interface QueueLog {
	message: string;
	level: 'INFO';
	source: 'USER';
	timestamp: string;
}

export interface FalImageFile {
	url: string;
	content_type: string;
	file_name: string;
	file_size: number;
	width: number;
	height: number;
}

export interface FalOutput {
	images: FalImageFile[];
	description: string;
	seed?: number;
}

export interface EmulatorJob {
	requestId: string;
	endpoint: ServedEndpoint;
	input: Record<string, unknown>;
	key: string;
	submittedAt: number;
	/** Origin its images are published under: the emulator's own, or fal's CDN through a tunnel. */
	mediaBase?: string;
	startedAt?: number;
	completedAt?: number;
	status: QueueState;
	cancelled: boolean;
	cancelRequestedAt?: number;
	output?: FalOutput;
	error?: { status: number; body: unknown };
	/** edit: what each image_urls entry resolved to (null when it could not be fetched). */
	receivedImages?: Array<{ url: string; bytes: Buffer | null }>;
	/** video_url, audio_url, pdf_url: what each resolved to (null when it could not be fetched). */
	receivedMedia?: Record<string, { url: string; bytes: Buffer | null }>;
	/** From `x-fal-queue-priority` on the submit: a low job waits behind normal ones of its endpoint. */
	priority: QueuePriority;
	/** From `x-fal-object-lifecycle-preference` on the submit: how long its images are kept. */
	lifetimeSeconds?: number;
	/** Behaviour in force when the job was submitted. */
	behaviour: EmulatorBehaviour;
	/** Downloads of this job's images answered with `behaviour.failDownloads` so far. */
	failedDownloads?: number;
	logs: QueueLog[];
	/** `fal_webhook` of the submit: where the result is POSTed when the job ends. */
	webhookUrl?: string;
}

export interface StoredFile {
	bytes: Buffer;
	contentType: string;
	fileName: string;
	width?: number;
	height?: number;
	/** The lifecycle preference it was made or uploaded with, in seconds. */
	lifetimeSeconds?: number;
	/** Uploads: the header the lifetime came in (`x-fal-object-lifecycle` as fal-js sends it). */
	lifetimeHeader?: string;
	/** On the emulator's clock: from then on the file answers 404. */
	expiresAt?: number;
}
