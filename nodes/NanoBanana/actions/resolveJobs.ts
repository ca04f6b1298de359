import type { IExecuteFunctions } from 'n8n-workflow';

import { toItemError } from '../helpers/errors';
import type { ImageJob } from '../helpers/interfaces';
import { readSubmitOnly } from '../helpers/submitOnly';
import type { NanoBananaOperation } from './types';

async function resolveItem(
	ctx: IExecuteFunctions,
	operation: NanoBananaOperation,
	itemIndex: number,
): Promise<ImageJob> {
	const job = await operation.resolve(ctx, itemIndex);
	const submitOnly = readSubmitOnly(ctx, itemIndex, job);
	return submitOnly ? { ...job, submitOnly } : job;
}

/**
 * Reads and checks every item before anything is sent, so bad input fails
 * before anything is paid for. Without "Continue On Fail" the first bad item
 * ends the run; with it, the item's error takes its place.
 */
export async function resolveJobs(
	ctx: IExecuteFunctions,
	operation: NanoBananaOperation,
	secrets: string[],
): Promise<Array<ImageJob | Error>> {
	const jobs: Array<ImageJob | Error> = [];
	const continueOnFail = ctx.continueOnFail();
	for (let itemIndex = 0; itemIndex < ctx.getInputData().length; itemIndex++) {
		const job = await resolveItem(ctx, operation, itemIndex).catch((error: unknown) => {
			const itemFailure = toItemError(ctx, error, itemIndex, secrets);
			if (!continueOnFail) throw itemFailure;
			return itemFailure;
		});
		jobs.push(job);
	}
	return jobs;
}
