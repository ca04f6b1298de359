import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ImageJob } from '../helpers/interfaces';

export type { ImageJob, ImageReference } from '../helpers/interfaces';

export interface NanoBananaOperation {
	properties: INodeProperties[];
	/** Reads and validates one item's parameters. Must not call fal. */
	resolve(ctx: IExecuteFunctions, itemIndex: number): Promise<ImageJob>;
}
