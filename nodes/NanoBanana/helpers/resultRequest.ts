import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { queueRequestOf, type QueueRequest } from '../transport/queue';
import { itemError } from './errors';
import type { ImageJob } from './interfaces';
import { readModel } from './modelInput';
import { DEFAULT_MODEL, operationOf } from './models';
import { OTHER_MODEL } from './otherEndpoint';
import { readOptions, show } from './validation';

export const REQUEST_ID_LABEL = 'Request ID';

/** fal's request ids are UUIDs; anything with spaces or slashes cannot be one. */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** One Get Result item, checked: the request at fal, and the output settings as Generate has them. */
export interface ResultRequest {
	/** The item's output settings; `endpoint` is the model's (the `model` of the output). */
	job: ImageJob;
	request: QueueRequest;
}

function readRequestId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('requestId', itemIndex, '') as unknown;
	const id = typeof value === 'string' ? value.trim() : '';
	if (!id) {
		throw itemError(
			ctx,
			itemIndex,
			`The "${REQUEST_ID_LABEL}" parameter is empty`,
			'Use the requestId of an item that Generate Image or Edit Image returned with "Wait for Result" off, e.g. {{ $json.requestId }}.',
		);
	}
	if (!REQUEST_ID.test(id)) {
		throw itemError(
			ctx,
			itemIndex,
			`The "${REQUEST_ID_LABEL}" parameter must be a fal request id (letters, digits and dashes, as in 3f1c…-…), got ${show(value)}`,
		);
	}
	return id;
}

/**
 * The endpoint the request lives under: the Model's (requests live under owner/app, so its
 * generate endpoint serves an edit too), or the Other Family Endpoint ID as given.
 */
function readEndpoint(ctx: IExecuteFunctions, itemIndex: number): string {
	const chosen = ctx.getNodeParameter('model', itemIndex, DEFAULT_MODEL) as unknown;
	const endpointId = ctx.getNodeParameter('endpointId', itemIndex, '') as unknown;
	const isEdit =
		chosen === OTHER_MODEL && typeof endpointId === 'string' && /\/edit$/.test(endpointId.trim());
	const model = readModel(ctx, itemIndex, isEdit ? 'edit' : 'generate');
	const spec = operationOf(model, isEdit ? 'edit' : 'generate') ?? operationOf(model, 'edit');
	if (!spec) throw itemError(ctx, itemIndex, `The "Model" parameter names no fal endpoint`);
	return spec.endpoint;
}

export function readResultRequest(ctx: IExecuteFunctions, itemIndex: number): ResultRequest {
	const requestId = readRequestId(ctx, itemIndex);
	const endpoint = readEndpoint(ctx, itemIndex);
	const raw = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const options = readOptions(ctx, itemIndex, raw);
	return {
		job: { itemIndex, endpoint, input: {}, options, controls: {} },
		request: queueRequestOf(endpoint, { request_id: requestId }),
	};
}
