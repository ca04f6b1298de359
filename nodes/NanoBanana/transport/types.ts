import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

/** Where fal is called from: a node's run, or a trigger's webhook; both have n8n's request and binary helpers. */
export type FalContext = IExecuteFunctions | IWebhookFunctions;

/** What a fal credential holds, read once per execution. */
export interface FalConnection {
	apiKey: string;
	/** fal server-proxy endpoint; every request then carries its real target in `x-fal-target-url`. */
	proxyUrl?: string;
}

/** One image in fal's output; only `url` is guaranteed. */
export interface FalImage {
	url: string;
	content_type?: string;
	file_name?: string;
	file_size?: number;
	width?: number;
	height?: number;
}

export interface FalImageOutput {
	images: FalImage[];
	description?: string;
	seed?: number;
}

export type FalQueueState = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED';

export interface FalQueueUpdate {
	status: FalQueueState;
	queue_position?: number;
}

/** What fal's queue answers a submit with. */
export interface FalQueuedRequest {
	request_id: string;
	status_url?: string;
	response_url?: string;
	cancel_url?: string;
}

export interface FalJobResult {
	requestId: string;
	output: unknown;
	/** From fal's `x-fal-billable-units` header, when fal sends it. */
	billableUnits?: number;
}

export interface FalJobLogger {
	debug(message: string, meta?: Record<string, unknown>): void;
}

/** Which step of fal's protocol a request belongs to, for retry rules and error messages. */
export type FalRoute =
	| 'submit'
	| 'status'
	| 'stream'
	| 'result'
	| 'cancel'
	| 'upload-initiate'
	| 'upload'
	| 'download'
	| 'jwks';

/** fal's request controls, sent as headers; each absent unless the user set it. */
export interface FalControls {
	queuePriority?: 'normal' | 'low';
	/** How long fal keeps the images it makes and the reference files the node uploads. */
	fileLifetimeSeconds?: number;
}
