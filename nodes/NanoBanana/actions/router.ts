import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DEFAULTS } from '../helpers/constants';
import { toItemError, redact } from '../helpers/errors';
import { buildOutputItems } from '../helpers/output';
import { mapWithConcurrency } from '../helpers/pool';
import { resolveImageUrls, UploadCache } from '../helpers/references';
import { itemError } from '../helpers/validation';
import type { FalConnection } from '../transport/client';
import { getFalConnection } from '../transport/credentials';
import { FalAbortError } from '../transport/errors';
import { runFalJob } from '../transport/job';
import type { FalJobLogger } from '../transport/types';
import { CUSTOM_API_CALL, customApiCallError } from './customApiCall';
import { edit } from './edit/edit.operation';
import { generate } from './generate/generate.operation';
import type { ImageJob, NanoBananaOperation } from './types';

export const operations: Record<string, NanoBananaOperation> = { generate, edit };

function jobLogger(ctx: IExecuteFunctions, secrets: string[]): FalJobLogger {
	const clean = (meta?: Record<string, unknown>) =>
		meta && (JSON.parse(redact(JSON.stringify(meta), secrets)) as Record<string, unknown>);
	return {
		debug: (message, meta) =>
			ctx.logger?.debug(`Nano Banana: ${redact(message, secrets)}`, clean(meta)),
	};
}

async function runJob(
	ctx: IExecuteFunctions,
	job: ImageJob,
	connection: FalConnection,
	uploads: UploadCache,
	logger: FalJobLogger,
	signal: AbortSignal,
	onCompleted: () => void,
): Promise<INodeExecutionData[]> {
	const input = { ...job.input };
	if (job.references) input.image_urls = await resolveImageUrls(ctx, job, uploads, signal);
	const result = await runFalJob({
		connection,
		endpoint: job.endpoint,
		input,
		signal,
		timeoutMs: job.options.timeoutMs,
		maxRetries: job.options.maxRetries,
		logger,
		onCompleted,
	});
	const inputItem = ctx.getInputData()[job.itemIndex];
	return await buildOutputItems(ctx, job, result, inputItem, signal);
}

/**
 * Checks every item first, so bad input fails before anything is paid for;
 * then runs the items' fal jobs side by side and returns their images in
 * input order, each paired to its item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operationName = this.getNodeParameter('operation', 0) as string;
	if (operationName === CUSTOM_API_CALL) throw customApiCallError(this);
	const operation = operations[operationName];
	if (!operation) throw itemError(this, 0, `The operation "${operationName}" is not supported`);

	const connection = await getFalConnection(this);
	const secrets = [connection.apiKey];
	const continueOnFail = this.continueOnFail();

	const jobs: Array<ImageJob | Error> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			jobs.push(await operation.resolve(this, itemIndex));
		} catch (error) {
			const itemFailure = toItemError(this, error, itemIndex, secrets);
			if (!continueOnFail) throw itemFailure;
			jobs.push(itemFailure);
		}
	}

	const firstJob = jobs.find((job): job is ImageJob => !(job instanceof Error));
	const concurrency = firstJob?.options.concurrency ?? DEFAULTS.concurrency;
	const uploads = new UploadCache(connection, firstJob?.options.maxRetries ?? DEFAULTS.maxRetries);
	const logger = jobLogger(this, secrets);

	// Without "Continue On Fail" the first failure ends the run: stop (and cancel) the rest.
	const stopRest = new AbortController();
	const executionSignal = this.getExecutionCancelSignal?.();
	const signal = executionSignal
		? AbortSignal.any([executionSignal, stopRest.signal])
		: stopRest.signal;
	let firstFailure: { itemIndex: number; error: unknown } | undefined;

	// An item holds its slot while fal works on it; its downloads run after it gives the slot back.
	const settled = await mapWithConcurrency(
		items.length,
		concurrency,
		async (itemIndex, release) => {
			const job = jobs[itemIndex];
			if (job instanceof Error) throw job;
			if (signal.aborted) {
				throw new FalAbortError(
					'cancelled',
					'The execution was stopped before this item was sent to fal',
				);
			}
			try {
				return await runJob(this, job, connection, uploads, logger, signal, release);
			} catch (error) {
				if (!continueOnFail && !firstFailure) {
					firstFailure = { itemIndex, error };
					stopRest.abort(error);
				}
				throw error;
			}
		},
	);

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
