import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { LedgerJob } from '../helpers/executionLedger';
import type { ImageJob } from '../helpers/interfaces';
import type { SubmittedRequest } from '../helpers/submittedRequests';
import { stoppedError } from '../transport/job';
import { queueRequestOf, type QueueRequest } from '../transport/queue';
import { anySignal } from '../transport/signals';
import { submitJob } from '../transport/submit';
import { uploadedInput, type ItemRunContext } from './runItem';

export interface SubmitRunContext extends ItemRunContext {
	/** Told of every job submitted, at once, so a rerun of the node does not submit it again. */
	onSubmitted: (job: ImageJob, request: Omit<SubmittedRequest, 'key'>) => void;
}

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
 * fal's webhook) and returns at once. An item an earlier run of this execution already submitted
 * or finished returns that request instead: nothing is paid twice.
 */
export async function submitItem(
	ctx: IExecuteFunctions,
	job: ImageJob,
	run: SubmitRunContext,
	earlier: SubmittedRequest | LedgerJob | undefined,
): Promise<INodeExecutionData[]> {
	if (earlier) {
		run.logger.debug('returning the fal request already submitted for an identical item', {
			requestId: earlier.requestId,
			itemIndex: job.itemIndex,
		});
		const request =
			'statusUrl' in earlier
				? earlier
				: queueRequestOf(earlier.endpoint, { request_id: earlier.requestId });
		return [submittedItem(job, request)];
	}
	const { timeoutMs, maxRetries } = job.options;
	const deadline = AbortSignal.timeout(timeoutMs);
	const input = await uploadedInput(ctx, job, run, deadline);
	const stopped = anySignal(run.signal, deadline);
	if (stopped.aborted) throw stoppedError(ctx, deadline, timeoutMs, undefined, 'before-submit');
	const { request } = await submitJob(ctx, {
		connection: run.connection,
		endpoint: job.endpoint,
		input,
		maxRetries,
		signal: stopped,
		logger: run.logger,
		controls: job.controls,
		webhookUrl: job.submitOnly?.notifyUrl,
	});
	const { requestId, statusUrl, responseUrl } = request;
	run.onSubmitted(job, { requestId, endpoint: job.endpoint, statusUrl, responseUrl });
	return [submittedItem(job, request)];
}
