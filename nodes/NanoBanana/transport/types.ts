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
	logs?: Array<{ message: string; level?: string; timestamp?: string }>;
}

export interface FalJobLogger {
	debug(message: string, meta?: Record<string, unknown>): void;
}
