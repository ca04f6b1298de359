import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { OutputMode } from './constants';

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
	/** Optional model fields, present only when the user added them. */
	modelFields: IDataObject;
}

/** A reference image for an edit, in the order the user gave it. */
export type ImageReference =
	{ kind: 'url'; url: string } | { kind: 'binary'; property: string; binary: IBinaryData };

/** Everything one input item asks of fal, checked and ready; nothing sent yet. */
export interface ImageJob {
	itemIndex: number;
	endpoint: string;
	/** fal input with fal's field names; edit's `image_urls` is added after uploads. */
	input: IDataObject;
	options: NodeOptions;
	references?: ImageReference[];
}
