import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NodeOptions } from '../helpers/validation';

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
	references?: ImageReference[];
	media?: MediaReference[];
}

export interface NanoBananaOperation {
	/** Reads and validates one item's parameters. Must not call fal. */
	resolve(ctx: IExecuteFunctions, itemIndex: number): Promise<ImageJob>;
}
