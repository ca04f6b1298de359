import type { IDataObject } from 'n8n-workflow';

import { falResultError } from './errors';
import {
	falRequest,
	falRequestOutlivingStop,
	headerOf,
	isBodyStream,
	type BodyStream,
	type FalAnswer,
} from './http';
import type { FalConnection, FalContext, FalQueuedRequest, FalQueueUpdate } from './types';

export const QUEUE_URL = 'https://queue.fal.run';

/** The URLs of one queued request. */
export interface QueueRequest {
	requestId: string;
	statusUrl: string;
	responseUrl: string;
	cancelUrl: string;
}

export interface QueueCallOptions {
	signal?: AbortSignal;
	timeoutMs: number;
	headers?: IDataObject;
}

/** fal's query parameter on a submit: the URL fal POSTs the result to when the job ends. */
export const WEBHOOK_PARAMETER = 'fal_webhook';

/** The submit URL of an endpoint, with the webhook fal is to call when given. */
export function submitUrlOf(endpoint: string, webhookUrl?: string): string {
	const url = `${QUEUE_URL}/${endpoint}`;
	return webhookUrl ? `${url}?${WEBHOOK_PARAMETER}=${encodeURIComponent(webhookUrl)}` : url;
}

/** `fal-ai/nano-banana/edit` → `fal-ai/nano-banana`: requests live under owner/app only. */
export function appIdOf(endpoint: string): string {
	return endpoint.split('/').slice(0, 2).join('/');
}

function sameOriginOr(candidate: unknown, fallback: string): string {
	if (typeof candidate !== 'string') return fallback;
	try {
		return new URL(candidate).origin === new URL(fallback).origin ? candidate : fallback;
	} catch {
		return fallback;
	}
}

/** fal's own URLs from the submit answer where it gave them, else the documented ones. */
export function queueRequestOf(endpoint: string, queued: FalQueuedRequest): QueueRequest {
	const base = `${QUEUE_URL}/${appIdOf(endpoint)}/requests/${encodeURIComponent(queued.request_id)}`;
	return {
		requestId: queued.request_id,
		statusUrl: sameOriginOr(queued.status_url, `${base}/status`),
		responseUrl: sameOriginOr(queued.response_url, base),
		cancelUrl: sameOriginOr(queued.cancel_url, `${base}/cancel`),
	};
}

/** fal's `x-fal-billable-units` header, or a `billable_units` field, as a number. */
export function billableUnitsOf(answer: FalAnswer<unknown>): number | undefined {
	const header = headerOf(answer.headers, 'x-fal-billable-units');
	const field =
		answer.body && typeof answer.body === 'object'
			? (answer.body as IDataObject).billable_units
			: undefined;
	const value = Number(header ?? field);
	return header !== undefined || field !== undefined
		? Number.isFinite(value)
			? value
			: undefined
		: undefined;
}

export async function submitRequest(
	ctx: FalContext,
	connection: FalConnection,
	endpoint: string,
	input: IDataObject,
	{ webhookUrl, ...options }: QueueCallOptions & { webhookUrl?: string },
): Promise<{ request: QueueRequest; billableUnits?: number }> {
	const answer = await falRequestOutlivingStop<FalQueuedRequest>(ctx, connection, {
		method: 'POST',
		url: submitUrlOf(endpoint, webhookUrl),
		route: 'submit',
		body: input,
		...options,
	});
	const queued = answer.body;
	if (!queued || typeof queued.request_id !== 'string' || !queued.request_id) {
		throw falResultError(ctx.getNode(), 'fal answered the submission without a request id', '');
	}
	return { request: queueRequestOf(endpoint, queued), billableUnits: billableUnitsOf(answer) };
}

export async function fetchStatus(
	ctx: FalContext,
	connection: FalConnection,
	request: QueueRequest,
	options: QueueCallOptions,
): Promise<FalQueueUpdate> {
	const answer = await falRequest<FalQueueUpdate>(ctx, connection, {
		method: 'GET',
		url: request.statusUrl,
		route: 'status',
		requestId: request.requestId,
		...options,
	});
	return answer.body;
}

/** The status stream's body, or why it cannot be read as one. */
export async function openStatusStream(
	ctx: FalContext,
	connection: FalConnection,
	request: QueueRequest,
	options: QueueCallOptions,
): Promise<BodyStream | string> {
	const url = new URL(request.statusUrl);
	url.pathname = `${url.pathname.replace(/\/$/, '')}/stream`;
	const answer = await falRequest<unknown>(ctx, connection, {
		method: 'GET',
		url: url.href,
		route: 'stream',
		requestId: request.requestId,
		eventStream: true,
		...options,
	});
	const type = headerOf(answer.headers, 'content-type') ?? '';
	if (!isBodyStream(answer.body)) return 'the status stream had no body';
	if (!type.startsWith('text/event-stream')) {
		answer.body.destroy();
		return `expected an event stream, got "${type || 'no content type'}"`;
	}
	return answer.body;
}

export async function fetchResult(
	ctx: FalContext,
	connection: FalConnection,
	request: QueueRequest,
	options: QueueCallOptions,
): Promise<{ output: unknown; billableUnits?: number }> {
	const answer = await falRequest<unknown>(ctx, connection, {
		method: 'GET',
		url: request.responseUrl,
		route: 'result',
		requestId: request.requestId,
		...options,
	});
	return { output: answer.body, billableUnits: billableUnitsOf(answer) };
}

export async function cancelRequest(
	ctx: FalContext,
	connection: FalConnection,
	request: QueueRequest,
	options: QueueCallOptions,
): Promise<void> {
	await falRequestOutlivingStop<unknown>(ctx, connection, {
		method: 'PUT',
		url: request.cancelUrl,
		route: 'cancel',
		requestId: request.requestId,
		...options,
	});
}
