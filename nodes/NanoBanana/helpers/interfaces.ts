import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { FalControls } from '../transport/types';
import type { OutputMode } from './constants';

export type { FalControls };

/** The "Options" collection, checked before anything is sent. */
export interface NodeOptions {
	binaryPropertyOutput: string;
	outputMode: OutputMode;
	keepInputBinaries: boolean;
	/** Execution-wide: read from the first item that passes validation. */
	concurrency: number;
	timeoutMs: number;
	/** Execution-wide for reference uploads (shared between items); per item for fal calls. */
	maxRetries: number;
	maxDownloadBytes: number;
	/** No downloads: the output carries each image's fal URL (Return URLs Only, or as an AI tool). */
	urlsOnly: boolean;
	/** Called by an AI Agent as a tool: one item per input item, URLs only. */
	toolCall: boolean;
}

/** A reference image for an edit, in the order the user gave it. */
export type ImageReference =
	{ kind: 'url'; url: string } | { kind: 'binary'; property: string; binary: IBinaryData };

/** A video, audio or PDF an edit reads as context, sent as `falField`. */
export type MediaReference = { falField: string } & (
	{ kind: 'url'; url: string } | { kind: 'binary'; property: string; binary: IBinaryData }
);

/** Everything one input item asks of fal, checked and ready; nothing sent yet. */
export interface ImageJob {
	itemIndex: number;
	/** The model's endpoint for the operation, e.g. `fal-ai/nano-banana-2/edit`. */
	endpoint: string;
	/** fal input with fal's field names; edit's `image_urls` and media are added after uploads. */
	input: IDataObject;
	options: NodeOptions;
	controls: FalControls;
	references?: ImageReference[];
	media?: MediaReference[];
	/** Wait for Result off: the job is submitted and its request id returned, no images. */
	submitOnly?: SubmitOnly;
}

/** How a job submitted without waiting tells its result: fal's webhook to the Notify URL, if any. */
export interface SubmitOnly {
	notifyUrl?: string;
}
