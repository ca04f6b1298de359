import type { IDataObject, IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { DEFAULTS } from '../helpers/constants';
import { itemError } from '../helpers/errors';
import type { ImageJob } from '../helpers/interfaces';
import { show } from '../helpers/validation';
import type { LedgerState } from './ledger';

export const MAX_IMAGES_LABEL = 'Max Images per Execution';

/** The cap set on the item's options (0, or nothing, means no cap), or the item's error. */
function readImageCap(ctx: IExecuteFunctions, itemIndex: number): number | NodeOperationError {
	const raw = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const value = raw?.maxImagesPerExecution;
	if (value === undefined || value === null || value === '') return 0;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
		return itemError(
			ctx,
			itemIndex,
			`The "${MAX_IMAGES_LABEL}" option must be a whole number, or 0 for no cap, got ${show(value)}`,
		);
	}
	return number;
}

export function imagesOf(job: ImageJob): number {
	const count = job.input.num_images;
	return typeof count === 'number' ? count : DEFAULTS.numImages;
}

/**
 * Each item's cap; an item whose value is not a whole number becomes its error (without
 * Continue On Fail the first such item ends the run). Execution-wide like Concurrency: the
 * first item with a valid value sets the cap for all.
 */
function readCaps(
	ctx: IExecuteFunctions,
	jobs: Array<ImageJob | Error>,
	continueOnFail: boolean,
): { jobs: Array<ImageJob | Error>; cap: number } {
	let cap: number | undefined;
	const checked = jobs.map((job): ImageJob | Error => {
		if (job instanceof Error) return job;
		const value = readImageCap(ctx, job.itemIndex);
		if (typeof value === 'number') {
			cap ??= value;
			return job;
		}
		if (!continueOnFail) throw value;
		return value;
	});
	return { jobs: checked, cap: cap ?? 0 };
}

/**
 * Checks, in input order, that the images this run asks for stay within the cap, counting what
 * this node already asked for earlier in the execution. Items over the cap become errors
 * (nothing is sent for them); without Continue On Fail the first one ends the run before
 * anything is sent. The admitted items are counted at once, before anything is sent.
 * Returns the jobs with over-cap items replaced by their error, and how many images each
 * admitted item reserved (given back if fal never accepts its request).
 */
export function applyImageCap(
	ctx: IExecuteFunctions,
	resolved: Array<ImageJob | Error>,
	/** Items whose images come from a finished job of an earlier try: free. */
	reused: ReadonlyArray<unknown>,
	state: LedgerState,
	continueOnFail: boolean,
): { jobs: Array<ImageJob | Error>; reserved: number[] } {
	const { jobs, cap } = readCaps(ctx, resolved, continueOnFail);
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
