import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { planCost } from '../cost/plan';
import { reuseItem } from '../cost/reuse';
import { DEFAULTS } from '../helpers/constants';
import { itemError, redact, secretFragments, toItemError } from '../helpers/errors';
import type { ImageJob } from '../helpers/interfaces';
import { createLimiter, mapWithConcurrency } from '../helpers/pool';
import { UploadCache } from '../helpers/references';
import { getFalConnection } from '../transport/credentials';
import { falAbortError } from '../transport/errors';
import { anySignal } from '../transport/signals';
import type { FalJobLogger } from '../transport/types';
import { CUSTOM_API_CALL, customApiCallError } from './customApiCall';
import { edit } from './edit/edit.operation';
import { generate } from './generate/generate.operation';
import { GET_RESULT, getResult } from './getResult/getResult.operation';
import { resolveJobs } from './resolveJobs';
import { runItem, type ItemRunContext } from './runItem';
import { submitItem } from './submitItem';
import type { NanoBananaOperation } from './types';

const operations: Record<string, NanoBananaOperation> = { generate, edit };

function jobLogger(ctx: IExecuteFunctions, secrets: string[]): FalJobLogger {
	const clean = (meta?: Record<string, unknown>) =>
		meta && (JSON.parse(redact(JSON.stringify(meta), secrets)) as Record<string, unknown>);
	return {
		debug: (message, meta) =>
			ctx.logger?.debug(`Nano Banana: ${redact(message, secrets)}`, clean(meta)),
	};
}

/**
 * Which way an item goes: Wait for Result off submits (or returns the request an earlier try of
 * this run had fal accept); else a retry takes the job fal finished for it, or a new job runs.
 */
async function itemWork(
	ctx: IExecuteFunctions,
	job: ImageJob,
	run: ItemRunContext,
	release: () => void,
): Promise<INodeExecutionData[]> {
	const { itemIndex } = job;
	if (job.submitOnly)
		return await submitItem(ctx, job, run, run.cost.reusable(itemIndex, 'accepted'));
	const finished = run.cost.reusable(itemIndex);
	return finished
		? await reuseItem(ctx, job, finished, run, release)
		: await runItem(ctx, job, run, release);
}

/**
 * Resolve, plan, run: checks every item first, so bad input fails before anything is paid
 * for; the cost plan finds the items a retry may take from jobs fal already finished and
 * checks the image cap; then the items' fal jobs run side by side and their images come back
 * in input order, each paired to its item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operationName = this.getNodeParameter('operation', 0) as string;
	if (operationName === CUSTOM_API_CALL) throw customApiCallError(this);
	const operation = operations[operationName];
	if (!operation && operationName !== GET_RESULT) {
		throw itemError(this, 0, `The operation "${operationName}" is not supported`);
	}

	const connection = await getFalConnection(this);
	const secrets = secretFragments(connection.apiKey);
	const continueOnFail = this.continueOnFail();
	const logger = jobLogger(this, secrets);
	// Get Result asks fal for nothing new: no cost plan, the image cap untouched.
	if (operationName === GET_RESULT) return [await getResult(this, { connection, secrets, logger })];
	const resolved = await resolveJobs(this, operation, secrets);
	const cost = await planCost(this, resolved, continueOnFail, logger);
	const jobs = cost.jobs;

	// Concurrency and the upload retry count are execution-wide: the first valid item sets them.
	const firstJob = jobs.find((job): job is ImageJob => !(job instanceof Error));
	const concurrency = firstJob?.options.concurrency ?? DEFAULTS.concurrency;
	const uploads = new UploadCache(
		this,
		connection,
		firstJob?.options.maxRetries ?? DEFAULTS.maxRetries,
	);

	// Without "Continue On Fail" the first failure ends the run: stop (and cancel) the rest.
	// With n8n's "Retry On Fail" the rest finish instead, so the rerun reuses what fal made.
	const stopRestOnFailure = !continueOnFail && this.getNode().retryOnFail !== true;
	const stopRest = new AbortController();
	const signal = anySignal(this.getExecutionCancelSignal?.(), stopRest.signal);
	let firstFailure: { itemIndex: number; error: unknown } | undefined;
	const run: ItemRunContext = {
		connection,
		uploads,
		logger,
		signal,
		downloadSlot: createLimiter(concurrency),
		cost,
	};

	const settled = await mapWithConcurrency(jobs.length, concurrency, async (itemIndex, release) => {
		const job = jobs[itemIndex];
		if (job instanceof Error) throw job;
		if (signal.aborted) {
			cost.giveBack(itemIndex);
			throw falAbortError(
				this.getNode(),
				'cancelled',
				'The execution was stopped before this item was sent to fal',
			);
		}
		return await itemWork(this, job, run, release).catch((error: unknown) => {
			if (!continueOnFail && !firstFailure) {
				firstFailure = { itemIndex, error };
				if (stopRestOnFailure) stopRest.abort(error);
			}
			throw error;
		});
	});

	if (firstFailure) throw toItemError(this, firstFailure.error, firstFailure.itemIndex, secrets);

	const output: INodeExecutionData[] = [];
	settled.forEach((result, itemIndex) => {
		if (result.status === 'fulfilled') {
			output.push(...result.value);
			return;
		}
		const failure = toItemError(this, result.reason, itemIndex, secrets);
		if (!continueOnFail) throw failure;
		output.push({ json: { error: failure.message }, pairedItem: { item: itemIndex } });
	});
	return [output];
}
