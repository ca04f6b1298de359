import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULTS } from './constants';
import { itemError } from './errors';
import type { LedgerState } from './executionLedger';
import type { ImageJob } from './interfaces';
import { show } from './validation';

export const MAX_IMAGES_LABEL = 'Max Images per Execution';

/** The cap set on the item's options; 0 (or nothing) means no cap. */
export function readImageCap(ctx: IExecuteFunctions, itemIndex: number): number {
	const raw = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const value = raw?.maxImagesPerExecution;
	if (value === undefined || value === null || value === '') return 0;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
		throw itemError(
			ctx,
			itemIndex,
			`The "${MAX_IMAGES_LABEL}" option must be a whole number, or 0 for no cap, got ${show(value)}`,
		);
	}
	return number;
}

function imagesOf(job: ImageJob): number {
	const count = job.input.num_images;
	return typeof count === 'number' ? count : DEFAULTS.numImages;
}

/**
 * Checks, in input order, that the images this run asks for stay within the cap, counting what
 * this node already asked for earlier in the execution. Items over the cap become errors
 * (nothing is sent for them); without Continue On Fail the first one ends the run before
 * anything is sent. The admitted items are counted at once, before anything is sent.
 * Returns the jobs with over-cap items replaced by their error, and how many images each
 * admitted item reserved (to give back if it is never sent).
 */
export function applyImageCap(
	ctx: IExecuteFunctions,
	jobs: Array<ImageJob | Error>,
	/** Items whose images come from a job reused from this execution: free. */
	reused: ReadonlyArray<unknown>,
	cap: number,
	state: LedgerState,
	continueOnFail: boolean,
): { jobs: Array<ImageJob | Error>; reserved: number[] } {
	const reserved = jobs.map(() => 0);
	// No cap still counts, so a cap read on a later run of the node sees what came before.
	const limit = cap > 0 ? cap : Infinity;
	let total = state.imagesRequested;
	const checked = jobs.map((job, itemIndex): ImageJob | Error => {
		if (job instanceof Error || reused[itemIndex]) return job;
		const images = imagesOf(job);
		if (total + images <= limit) {
			total += images;
			reserved[itemIndex] = images;
			return job;
		}
		const error = itemError(
			ctx,
			itemIndex,
			`This item would bring the images requested in this execution to ${total + images}, over the "${MAX_IMAGES_LABEL}" cap of ${cap}`,
			`This node has asked fal for ${total} image${total === 1 ? '' : 's'} in this execution (its earlier runs in a loop or retry included), and this item asks for ${images} more. Nothing was sent to fal for this item. To allow more, raise "${MAX_IMAGES_LABEL}" in the node's options, or set it to 0 for no cap.`,
		);
		if (!continueOnFail) throw error;
		return error;
	});
	state.imagesRequested = total;
	return { jobs: checked, reserved };
}
