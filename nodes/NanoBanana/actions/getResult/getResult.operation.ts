import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DEFAULTS } from '../../helpers/constants';
import { toItemError } from '../../helpers/errors';
import { buildOutputItems } from '../../helpers/output';
import { createLimiter, mapWithConcurrency } from '../../helpers/pool';
import { readResultRequest, type ResultRequest } from '../../helpers/resultRequest';
import { falAbortError, falFailureOf } from '../../transport/errors';
import { fetchFinishedResult } from '../../transport/job';
import { anySignal } from '../../transport/signals';
import type { FalConnection, FalJobLogger } from '../../transport/types';
import { waitForCompletion } from '../../transport/wait';

export { GET_RESULT } from './getResult.description';

export interface GetResultRun {
	connection: FalConnection;
	secrets: string[];
	logger: FalJobLogger;
}

interface ItemRun extends GetResultRun {
	signal: AbortSignal;
	downloadSlot: <T>(task: () => Promise<T>) => Promise<T>;
}

/** Why the wait ended early, said so the user knows the job itself is untouched. */
function waitError(ctx: IExecuteFunctions, item: ResultRequest, deadline: AbortSignal) {
	const { requestId } = item.request;
	const node = ctx.getNode();
	if (deadline.aborted) {
		const seconds = Math.round(item.job.options.timeoutMs / 1000);
		const timeout = falAbortError(
			node,
			'timeout',
			`fal did not finish request ${requestId} within the timeout of ${seconds} s; it was not cancelled and keeps running at fal`,
			requestId,
		);
		timeout.description =
			'Get Result only waits for a request; it never cancels one it did not submit. Run it again later, or raise "Timeout (Seconds)".';
		return timeout;
	}
	return falAbortError(
		node,
		'cancelled',
		`The execution was stopped while waiting for fal request ${requestId}; the request keeps running at fal`,
		requestId,
	);
}

/** fal's 404 for a request id it does not know under this model. */
function unknownRequest(ctx: IExecuteFunctions, item: ResultRequest, error: unknown): unknown {
	if (falFailureOf(error)?.status !== 404) return error;
	const unknown = toItemError(ctx, error, item.job.itemIndex, []);
	unknown.message = `fal knows no request ${item.request.requestId} for ${item.job.endpoint} (404) [item ${item.job.itemIndex}]`;
	unknown.description =
		'Check the Request ID, and that Model (or Endpoint ID) is the model the request was submitted to: fal finds a request only under its own model.';
	return unknown;
}

/** Waits for one request at fal (within Timeout), then outputs its images as Generate does. */
async function fetchItem(
	ctx: IExecuteFunctions,
	item: ResultRequest,
	run: ItemRun,
): Promise<INodeExecutionData[]> {
	const { job, request } = item;
	const { timeoutMs, maxRetries } = job.options;
	const deadline = AbortSignal.timeout(timeoutMs);
	const connection = run.connection;
	try {
		await waitForCompletion(ctx, {
			connection,
			request,
			signal: anySignal(run.signal, deadline),
			maxRetries,
			logger: run.logger,
		}).catch((error: unknown) => {
			throw run.signal.aborted || deadline.aborted ? waitError(ctx, item, deadline) : error;
		});
		const fetched = await fetchFinishedResult(ctx, connection, request, {
			maxRetries,
			signal: run.signal,
		});
		const result = { requestId: request.requestId, ...fetched };
		const inputItem = ctx.getInputData()[job.itemIndex];
		return await run.downloadSlot(
			async () => await buildOutputItems(ctx, job, result, inputItem, run.signal),
		);
	} catch (error) {
		throw unknownRequest(ctx, item, error);
	}
}

/**
 * Get Result: every item is checked first; then each waits for its request at fal and outputs
 * what Generate would have, paired to its item. A failure fails only its item with Continue On
 * Fail; without, the first one ends the run and the other waits stop (the requests run on).
 */
export async function getResult(
	ctx: IExecuteFunctions,
	base: GetResultRun,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const items = ctx.getInputData().map((_, itemIndex): ResultRequest | Error => {
		try {
			return readResultRequest(ctx, itemIndex);
		} catch (error) {
			const failure = toItemError(ctx, error, itemIndex, base.secrets);
			if (!continueOnFail) throw failure;
			return failure;
		}
	});
	const first = items.find((item): item is ResultRequest => !(item instanceof Error));
	const concurrency = first?.job.options.concurrency ?? DEFAULTS.concurrency;
	const stopRest = new AbortController();
	const run: ItemRun = {
		...base,
		signal: anySignal(ctx.getExecutionCancelSignal?.(), stopRest.signal),
		downloadSlot: createLimiter(concurrency),
	};
	let firstFailure: { itemIndex: number; error: unknown } | undefined;
	const settled = await mapWithConcurrency(items.length, concurrency, async (itemIndex) => {
		const item = items[itemIndex];
		if (item instanceof Error) throw item;
		return await fetchItem(ctx, item, run).catch((error: unknown) => {
			if (!continueOnFail && !firstFailure) {
				firstFailure = { itemIndex, error };
				stopRest.abort(error);
			}
			throw error;
		});
	});
	if (firstFailure)
		throw toItemError(ctx, firstFailure.error, firstFailure.itemIndex, base.secrets);
	return settled.flatMap((result, itemIndex): INodeExecutionData[] => {
		if (result.status === 'fulfilled') return result.value;
		const failure = toItemError(ctx, result.reason, itemIndex, base.secrets);
		return [{ json: { error: failure.message }, pairedItem: { item: itemIndex } }];
	});
}
