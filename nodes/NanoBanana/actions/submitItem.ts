import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { LedgerJob } from '../cost/ledger';
import { refusedByFal } from '../cost/plan';
import type { ImageJob } from '../helpers/interfaces';
import { markReused } from '../helpers/output';
import { stoppedError } from '../transport/job';
import { queueRequestOf, type QueueRequest } from '../transport/queue';
import { anySignal } from '../transport/signals';
import { submitJob } from '../transport/submit';
import { uploadedInput, type ItemRunContext } from './runItem';

/** What Wait for Result off outputs for an item: where its job is at fal, no images. */
function submittedItem(
	job: ImageJob,
	request: Pick<QueueRequest, 'requestId' | 'statusUrl' | 'responseUrl'>,
): INodeExecutionData {
	return {
		json: {
			requestId: request.requestId,
			model: job.endpoint,
			statusUrl: request.statusUrl,
			responseUrl: request.responseUrl,
		},
		pairedItem: { item: job.itemIndex },
	};
}

/**
 * Wait for Result off: uploads the item's references, submits its job (with the Notify URL as
 * fal's webhook) and returns at once; the cost plan hears when fal accepts it. A retry of this
 * run whose identical request fal already took (`earlier`) returns that request instead: nothing
 * is paid twice.
 */
export async function submitItem(
	ctx: IExecuteFunctions,
	job: ImageJob,
	run: ItemRunContext,
	earlier: LedgerJob | undefined,
): Promise<INodeExecutionData[]> {
	const { itemIndex } = job;
	if (earlier) {
		run.logger.debug('returning the fal request an earlier try of this item submitted', {
			requestId: earlier.requestId,
			itemIndex,
		});
		const request = queueRequestOf(earlier.endpoint, { request_id: earlier.requestId });
		return markReused([submittedItem(job, request)], earlier.requestId);
	}
	const { timeoutMs, maxRetries } = job.options;
	const deadline = AbortSignal.timeout(timeoutMs);
	const input = await uploadedInput(ctx, job, run, deadline);
	const stopped = anySignal(run.signal, deadline);
	if (stopped.aborted) {
		run.cost.giveBack(itemIndex);
		throw stoppedError(ctx, deadline, timeoutMs, undefined, 'before-submit');
	}
	const { request } = await submitJob(ctx, {
		connection: run.connection,
		endpoint: job.endpoint,
		input,
		maxRetries,
		signal: stopped,
		logger: run.logger,
		controls: job.controls,
		webhookUrl: job.submitOnly?.notifyUrl,
	}).catch((error: unknown) => {
		if (refusedByFal(error)) run.cost.giveBack(itemIndex);
		throw error;
	});
	run.cost.accepted(itemIndex, request.requestId);
	return [submittedItem(job, request)];
}
