import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ImageJob } from '../helpers/interfaces';
import { buildOutputItems } from '../helpers/output';
import { resolveInputFiles, type UploadCache } from '../helpers/references';
import { runFalJob, stoppedError } from '../transport/job';
import { anySignal } from '../transport/signals';
import type { FalConnection, FalJobLogger } from '../transport/types';

export interface ItemRunContext {
	connection: FalConnection;
	uploads: UploadCache;
	logger: FalJobLogger;
	/** The execution's stop and, without Continue On Fail, a failed sibling's. */
	signal: AbortSignal;
	/** Bounds how many items download their images at once. */
	downloadSlot: <T>(task: () => Promise<T>) => Promise<T>;
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
	const files = await resolveInputFiles(
		ctx,
		job,
		run.uploads,
		anySignal(run.signal, deadline),
	).catch((error: unknown) => {
		if (run.signal.aborted || deadline.aborted) {
			throw stoppedError(ctx, deadline, timeoutMs, undefined, 'before-submit');
		}
		throw error;
	});
	const input = { ...job.input, ...files };
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
	const inputItem = ctx.getInputData()[job.itemIndex];
	return await run.downloadSlot(
		async () => await buildOutputItems(ctx, job, result, inputItem, run.signal),
	);
}
