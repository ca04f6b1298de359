import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { failedAtFal, refusedByFal } from '../cost/plan';
import type { ReuseContext } from '../cost/reuse';
import type { ImageJob } from '../helpers/interfaces';
import { buildOutputItems } from '../helpers/output';
import { resolveInputFiles, type UploadCache } from '../helpers/references';
import { runFalJob, stoppedError } from '../transport/job';
import { anySignal } from '../transport/signals';

export interface ItemRunContext extends ReuseContext {
	uploads: UploadCache;
}

/**
 * The item's fal input with its reference files uploaded, within the item's Timeout. An upload
 * that fails gives the item's images back to the cap: fal was never asked.
 */
export async function uploadedInput(
	ctx: IExecuteFunctions,
	job: ImageJob,
	run: ItemRunContext,
	deadline: AbortSignal,
): Promise<IDataObject> {
	const files = await resolveInputFiles(
		ctx,
		job,
		run.uploads,
		anySignal(run.signal, deadline),
	).catch((error: unknown) => {
		run.cost.giveBack(job.itemIndex);
		if (run.signal.aborted || deadline.aborted) {
			throw stoppedError(ctx, deadline, job.options.timeoutMs, undefined, 'before-submit');
		}
		throw error;
	});
	return { ...job.input, ...files };
}

/**
 * One item from upload to output: its Timeout covers the reference uploads
 * and fal's work; once fal has finished, the item gives its fal slot back
 * (`onCompleted`) and waits for a download slot. The cost plan hears when fal
 * accepts the job, when it completes and what it returned, and gets the item's
 * images back when fal never took the request.
 */
export async function runItem(
	ctx: IExecuteFunctions,
	job: ImageJob,
	run: ItemRunContext,
	onCompleted: () => void,
): Promise<INodeExecutionData[]> {
	const { itemIndex } = job;
	const { timeoutMs, maxRetries } = job.options;
	const deadline = AbortSignal.timeout(timeoutMs);
	const input = await uploadedInput(ctx, job, run, deadline);
	const result = await runFalJob(ctx, {
		connection: run.connection,
		endpoint: job.endpoint,
		input,
		signal: run.signal,
		timeoutMs,
		deadline,
		maxRetries,
		logger: run.logger,
		onAccepted: (requestId) => run.cost.accepted(itemIndex, requestId),
		onCompleted: (requestId) => {
			run.cost.completed(itemIndex, requestId);
			onCompleted();
		},
		controls: job.controls,
	}).catch((error: unknown) => {
		if (refusedByFal(error)) run.cost.giveBack(itemIndex);
		if (failedAtFal(error)) run.cost.forget(itemIndex);
		throw error;
	});
	run.cost.resultFetched(itemIndex, result);
	const inputItem = ctx.getInputData()[itemIndex];
	return await run.downloadSlot(
		async () => await buildOutputItems(ctx, job, result, inputItem, run.signal),
	);
}
