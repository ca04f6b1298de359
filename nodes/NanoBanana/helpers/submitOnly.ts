import type { IExecuteFunctions } from 'n8n-workflow';

import { itemError } from './errors';
import type { ImageJob, SubmitOnly } from './interfaces';
import { readBoolean, show } from './validation';

export const WAIT_FOR_RESULT_LABEL = 'Wait for Result';
export const NOTIFY_URL_LABEL = 'Notify URL';

/**
 * fal's delivery does not name the model: the endpoint rides on the Notify URL, where the Nano
 * Banana Trigger reads it (to name the model and to fetch a result fal left out).
 */
function withEndpoint(url: URL, endpoint: string): string {
	if (!url.searchParams.has('endpoint')) url.searchParams.set('endpoint', endpoint);
	return url.href;
}

function readNotifyUrl(ctx: IExecuteFunctions, itemIndex: number): URL | undefined {
	const value = ctx.getNodeParameter('notifyUrl', itemIndex, '') as unknown;
	if (value === undefined || value === null || value === '') return undefined;
	const text = typeof value === 'string' ? value.trim() : undefined;
	let url: URL | undefined;
	try {
		url = text ? new URL(text) : undefined;
	} catch {
		url = undefined;
	}
	if (!url || !['http:', 'https:'].includes(url.protocol)) {
		throw itemError(
			ctx,
			itemIndex,
			`The "${NOTIFY_URL_LABEL}" parameter must be an http(s) URL, got ${show(value)}`,
			'fal sends the result there when the job ends: use the Production URL of a Nano Banana Trigger (or another webhook), reachable from the internet. Nothing was sent to fal.',
		);
	}
	return url;
}

/**
 * Wait for Result, read per item: undefined when the item waits for its images (the default),
 * else how fal is to tell the result. Sync Mode results are not kept by fal, so they cannot be
 * fetched later: refused before anything is paid for.
 */
export function readSubmitOnly(
	ctx: IExecuteFunctions,
	itemIndex: number,
	job: ImageJob,
): SubmitOnly | undefined {
	const wait = readBoolean(
		ctx,
		itemIndex,
		WAIT_FOR_RESULT_LABEL,
		ctx.getNodeParameter('waitForResult', itemIndex, true),
	);
	if (wait) return undefined;
	if (job.input.sync_mode === true) {
		throw itemError(
			ctx,
			itemIndex,
			`Sync Mode cannot be used with "${WAIT_FOR_RESULT_LABEL}" off`,
			'With Sync Mode fal returns the images only to the call that waits for them and keeps no result to fetch later. Switch one of them off.',
		);
	}
	const notifyUrl = readNotifyUrl(ctx, itemIndex);
	return notifyUrl ? { notifyUrl: withEndpoint(notifyUrl, job.endpoint) } : {};
}
