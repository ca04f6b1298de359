import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { LedgerJob } from '../helpers/executionLedger';
import type { ImageJob } from '../helpers/interfaces';
import { buildOutputItems, markReused } from '../helpers/output';
import { fetchFinishedResult } from '../transport/job';
import { queueRequestOf } from '../transport/queue';
import type { FalJobResult } from '../transport/types';
import type { ItemRunContext } from './runItem';

/** The finished job's result: as kept in the ledger, or fetched again from fal by its request id. */
async function resultOf(
	ctx: IExecuteFunctions,
	job: ImageJob,
	finished: LedgerJob,
	run: ItemRunContext,
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
	});
	return {
		requestId: finished.requestId,
		output: fetched.output,
		billableUnits: fetched.billableUnits ?? finished.billableUnits,
	};
}

/**
 * An item whose identical request already finished at fal in this execution: nothing is
 * uploaded or submitted; its images are downloaded again from that job's result.
 */
export async function reuseItem(
	ctx: IExecuteFunctions,
	job: ImageJob,
	finished: LedgerJob,
	run: ItemRunContext,
	onCompleted: () => void,
): Promise<INodeExecutionData[]> {
	run.logger.debug('reusing the finished fal request of an identical item', {
		requestId: finished.requestId,
		itemIndex: job.itemIndex,
	});
	const result = await resultOf(ctx, job, finished, run).finally(onCompleted);
	const inputItem = ctx.getInputData()[job.itemIndex];
	const items = await run.downloadSlot(
		async () => await buildOutputItems(ctx, job, result, inputItem, run.signal),
	);
	return markReused(items, finished.requestId);
}
