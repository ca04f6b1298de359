import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ImageJob } from '../helpers/interfaces';
import { buildOutputItems, markReused } from '../helpers/output';
import { falFailureOf } from '../transport/errors';
import { fetchFinishedResult } from '../transport/job';
import { queueRequestOf } from '../transport/queue';
import type { FalConnection, FalJobLogger, FalJobResult } from '../transport/types';
import type { LedgerJob } from './ledger';
import type { CostPlan } from './plan';

/** What reusing a job needs of the run. */
export interface ReuseContext {
	connection: FalConnection;
	logger: FalJobLogger;
	signal: AbortSignal;
	downloadSlot: <T>(task: () => Promise<T>) => Promise<T>;
	cost: CostPlan;
}

/** Statuses of a file fal no longer serves: the job's images are gone for good. */
const GONE_STATUSES = new Set([403, 404, 410]);

/** The finished job's result: as kept in the ledger, or fetched again from fal by its request id. */
async function resultOf(
	ctx: IExecuteFunctions,
	job: ImageJob,
	finished: LedgerJob,
	run: ReuseContext,
): Promise<FalJobResult> {
	if (finished.output !== undefined) {
		return {
			requestId: finished.requestId,
			output: finished.output,
			billableUnits: finished.billableUnits,
		};
	}
	const request = queueRequestOf(finished.endpoint, { request_id: finished.requestId });
	const fetched = await fetchFinishedResult(ctx, run.connection, request, {
		maxRetries: job.options.maxRetries,
		signal: run.signal,
	}).catch((error: unknown) => {
		// A job whose result cannot be fetched serves no retry: the next one asks fal anew.
		if (!run.signal.aborted) run.cost.forget(job.itemIndex);
		throw error;
	});
	const result = {
		requestId: finished.requestId,
		output: fetched.output,
		billableUnits: fetched.billableUnits ?? finished.billableUnits,
	};
	run.cost.resultFetched(job.itemIndex, result);
	return result;
}

/**
 * A retry of an item whose identical request fal already finished: nothing is uploaded or
 * submitted; its images are downloaded again from that job's result. When they are gone (or its
 * result cannot be fetched), the job is forgotten, so the next retry asks fal anew instead of
 * failing the same way.
 */
export async function reuseItem(
	ctx: IExecuteFunctions,
	job: ImageJob,
	finished: LedgerJob,
	run: ReuseContext,
	onCompleted: () => void,
): Promise<INodeExecutionData[]> {
	run.logger.debug('reusing the finished fal request of this item from an earlier try', {
		requestId: finished.requestId,
		itemIndex: job.itemIndex,
	});
	const result = await resultOf(ctx, job, finished, run).finally(onCompleted);
	const inputItem = ctx.getInputData()[job.itemIndex];
	const items = await run
		.downloadSlot(async () => await buildOutputItems(ctx, job, result, inputItem, run.signal))
		.catch((error: unknown) => {
			const failure = falFailureOf(error);
			if (failure?.kind === 'result' && GONE_STATUSES.has(failure.status ?? 0)) {
				run.cost.forget(job.itemIndex);
			}
			throw error;
		});
	return markReused(items, finished.requestId);
}
