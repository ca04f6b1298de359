import type { IExecuteFunctions } from 'n8n-workflow';

import type { ImageJob } from '../helpers/interfaces';

export type { ImageJob, ImageReference, MediaReference } from '../helpers/interfaces';

export interface NanoBananaOperation {
	/** Reads and validates one item's parameters. Must not call fal. */
	resolve(ctx: IExecuteFunctions, itemIndex: number): Promise<ImageJob>;
}
