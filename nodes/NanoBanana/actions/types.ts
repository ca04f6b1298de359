import type { IBinaryData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NodeOptions } from '../helpers/validation';

/** A reference image for an edit, in the order the user gave it. */
export type ImageReference =
	| { kind: 'url'; url: string }
	| { kind: 'binary'; property: string; binary: IBinaryData };

/** Everything one input item asks of fal, checked and ready; nothing sent yet. */
export interface ImageJob {
	itemIndex: number;
	endpoint: string;
	/** fal input with fal's field names; edit's `image_urls` is added after uploads. */
	input: IDataObject;
	options: NodeOptions;
	references?: ImageReference[];
}

export interface NanoBananaOperation {
	properties: INodeProperties[];
	/** Reads and validates one item's parameters. Must not call fal. */
	resolve(ctx: IExecuteFunctions, itemIndex: number): Promise<ImageJob>;
}
