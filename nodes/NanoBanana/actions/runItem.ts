import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ImageJob } from '../helpers/interfaces';
import { buildOutputItems } from '../helpers/output';
import { resolveInputFiles, type UploadCache } from '../helpers/references';
import { runFalJob, stoppedError } from '../transport/job';
import { anySignal } from '../transport/signals';
import type { FalConnection, FalJobLogger, FalJobResult } from '../transport/types';

export interface ItemRunContext {
	connection: FalConnection;
	uploads: UploadCache;
	logger: FalJobLogger;
	/** The execution's stop and, without Continue On Fail, a failed sibling's. */
	signal: AbortSignal;
	/** Bounds how many items download their images at once. */
	downloadSlot: <T>(task: () => Promise<T>) => Promise<T>;
	/** Told of every job fal finished, before its images are downloaded (for reuse on a rerun). */
	onFinished?: (job: ImageJob, result: FalJobResult) => void;
}

/** The item's fal input with its reference files uploaded, within the item's Timeout. */
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
 * (`onCompleted`) and waits for a download slot.
 */
export async function runItem(
	ctx: IExecuteFunctions,
	job: ImageJob,
	run: ItemRunContext,
	onCompleted: () => void,
): Promise<INodeExecutionData[]> {
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
		onCompleted,
		controls: job.controls,
	});
	run.onFinished?.(job, result);
	const inputItem = ctx.getInputData()[job.itemIndex];
	return await run.downloadSlot(
		async () => await buildOutputItems(ctx, job, result, inputItem, run.signal),
	);
}
