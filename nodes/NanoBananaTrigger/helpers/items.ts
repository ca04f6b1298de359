import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { DEFAULTS } from '../../NanoBanana/helpers/constants';
import type { ImageJob } from '../../NanoBanana/helpers/interfaces';
import { MODELS } from '../../NanoBanana/helpers/models';
import { buildOutputItems, readImageOutput } from '../../NanoBanana/helpers/output';
import { falFailureOf } from '../../NanoBanana/transport/errors';
import { fetchFinishedResult } from '../../NanoBanana/transport/job';
import { appIdOf, fetchResult, queueRequestOf } from '../../NanoBanana/transport/queue';
import type { FalConnection, FalContext } from '../../NanoBanana/transport/types';
import type { FalDelivery } from './delivery';

/** fal waits 15 s for an answer: downloads and a result fetch must end well before. */
export const DELIVERY_BUDGET_MS = 12_000;

export interface TriggerOptions {
	urlsOnly: boolean;
	binaryPropertyOutput: string;
	outputMode: ImageJob['options']['outputMode'];
	ignoreFailedJobs: boolean;
}

function jobFor(endpoint: string | undefined, options: TriggerOptions): ImageJob {
	return {
		itemIndex: 0,
		endpoint: endpoint ?? '',
		input: {},
		controls: {},
		options: {
			binaryPropertyOutput: options.binaryPropertyOutput || DEFAULTS.binaryPropertyOutput,
			outputMode: options.outputMode,
			keepInputBinaries: false,
			concurrency: 1,
			timeoutMs: DELIVERY_BUDGET_MS,
			maxRetries: 0,
			maxDownloadBytes: DEFAULTS.maxDownloadMb * 1024 * 1024,
			urlsOnly: options.urlsOnly,
			toolCall: false,
		},
	};
}

/**
 * The result fal left out of the delivery, by request id: under the Notify URL's endpoint, or
 * else under each family app in turn (another app's queue answers 404 for the id; free).
 */
async function fetchMissingResult(
	ctx: FalContext,
	connection: FalConnection,
	requestId: string,
	endpoint: string | undefined,
): Promise<{ output: unknown; billableUnits?: number; endpoint: string }> {
	const signal = AbortSignal.timeout(DELIVERY_BUDGET_MS);
	if (endpoint) {
		const request = queueRequestOf(endpoint, { request_id: requestId });
		const result = await fetchFinishedResult(ctx, connection, request, { maxRetries: 1, signal });
		return { ...result, endpoint };
	}
	const apps = [...new Set(MODELS.map((model) => appIdOf(model.generate.endpoint)))];
	for (const app of apps) {
		const request = queueRequestOf(app, { request_id: requestId });
		const result = await fetchResult(ctx, connection, request, { signal, timeoutMs: 5_000 }).catch(
			(error: unknown) => {
				// Another app's queue does not know the id: try the next one.
				if (falFailureOf(error)?.status !== 404) throw error;
				return undefined;
			},
		);
		if (result) return { ...result, endpoint: app };
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`fal delivered request ${requestId} without its result, and no Nano Banana app at fal knows it`,
		{ description: 'Add ?endpoint=<endpoint ID> to the Notify URL so the result can be fetched.' },
	);
}

/** A job fal could not finish: one item with fal's message and details, as the error. */
function failedItem(delivery: FalDelivery, endpoint: string | undefined): INodeExecutionData {
	return {
		json: {
			requestId: delivery.requestId,
			...(endpoint ? { model: endpoint } : {}),
			status: 'ERROR',
			error: delivery.error ?? 'fal reported an error',
			details: (delivery.payload ?? null) as IDataObject,
		},
		pairedItem: { item: 0 },
	};
}

/** What the action node outputs for the job: images as binaries or URLs, description, requestId. */
export async function itemsForDelivery(
	ctx: FalContext,
	connection: () => Promise<FalConnection>,
	delivery: FalDelivery,
	endpoint: string | undefined,
	options: TriggerOptions,
): Promise<INodeExecutionData[]> {
	if (delivery.status === 'ERROR') {
		return options.ignoreFailedJobs ? [] : [failedItem(delivery, endpoint)];
	}
	let output = delivery.payload;
	let billableUnits: number | undefined;
	let model = endpoint;
	if (output === null) {
		const fetched = await fetchMissingResult(ctx, await connection(), delivery.requestId, endpoint);
		({ output, billableUnits } = fetched);
		model = fetched.endpoint;
	}
	const result = { requestId: delivery.requestId, output, billableUnits };
	try {
		readImageOutput(ctx, result);
	} catch (error) {
		// The model declined or fal's answer holds no image: a retry by fal would not change it.
		const failed = { ...delivery, status: 'ERROR' as const, error: (error as Error).message };
		return options.ignoreFailedJobs ? [] : [failedItem(failed, model)];
	}
	const job = jobFor(model, options);
	const items = await buildOutputItems(
		ctx,
		job,
		result,
		{ json: {} },
		AbortSignal.timeout(DELIVERY_BUDGET_MS),
	);
	// The trigger knows no prompt, and no model unless the Notify URL or a fetch named it.
	return items.map((item) => {
		const { prompt: _prompt, model: _model, ...json } = item.json;
		return { ...item, json: { ...json, ...(model ? { model } : {}) } };
	});
}
