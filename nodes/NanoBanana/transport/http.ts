import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './credentials';
import { falHttpError, falNetworkError, reasonOf, systemCodeOf } from './errors';
import { anySignal, untilAborted } from './signals';
import type { FalConnection, FalContext, FalRoute } from './types';

export const TARGET_URL_HEADER = 'x-fal-target-url';

const MAX_ERROR_BODY_BYTES = 20_000;
/** An error body is a few hundred bytes: one still arriving after this is cut off. */
const ERROR_BODY_TIMEOUT_MS = 10_000;

export interface FalCall {
	method: IHttpRequestMethods;
	/** The fal URL; behind a Proxy URL it travels in `x-fal-target-url`. */
	url: string;
	route: FalRoute;
	body?: IDataObject;
	/** Named in errors after the submit. */
	requestId?: string;
	/** Stops the waiting: a timeout, a failed sibling item, the execution's stop. */
	signal?: AbortSignal;
	/** Longest wait for this one request. */
	timeoutMs: number;
	/** The answer is a server-sent event stream, returned unread. */
	eventStream?: boolean;
	/** fal's request controls (priority, file lifetime) for this call. */
	headers?: IDataObject;
}

/** A readable body as n8n's request helper returns it for `encoding: 'stream'`. */
export interface BodyStream extends AsyncIterable<Buffer | string> {
	destroy(error?: Error): void;
}

export interface FalAnswer<T> {
	body: T;
	headers: Record<string, string | string[] | undefined>;
	status: number;
}

interface FullResponse {
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
	statusCode: number;
}

export function headerOf(headers: FalAnswer<unknown>['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export function parseRetryAfter(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function isBodyStream(body: unknown): body is BodyStream {
	return (
		!!body &&
		typeof body === 'object' &&
		typeof (body as BodyStream).destroy === 'function' &&
		Symbol.asyncIterator in body
	);
}

/**
 * An error body streamed back (the status stream's): read until it ends, is
 * long enough, or `limit` aborts; a body that never ends must not hold the
 * item past its Timeout. What arrived by then is fal's detail.
 */
async function readErrorBody(body: unknown, limit: AbortSignal): Promise<unknown> {
	if (!isBodyStream(body)) return body;
	const iterator = body[Symbol.asyncIterator]();
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		while (size < MAX_ERROR_BODY_BYTES) {
			const next = await untilAborted(iterator.next(), limit);
			if (next.done) break;
			const bytes = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
			chunks.push(bytes);
			size += bytes.length;
		}
	} catch {
		// Cut short (the limit, or a broken connection): keep what arrived.
	} finally {
		body.destroy();
	}
	const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY_BYTES);
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Throws fal's answer as a NodeApiError when its status is an error. */
export async function checkStatus(
	ctx: FalContext,
	call: Pick<FalCall, 'route' | 'requestId' | 'signal'> & { timeoutMs?: number },
	response: FullResponse | FalAnswer<unknown>,
): Promise<void> {
	const status = 'statusCode' in response ? response.statusCode : response.status;
	if (status < 400) return;
	const limit = anySignal(
		call.signal,
		AbortSignal.timeout(Math.min(call.timeoutMs ?? ERROR_BODY_TIMEOUT_MS, ERROR_BODY_TIMEOUT_MS)),
	);
	throw falHttpError(ctx.getNode(), {
		status,
		body: await readErrorBody(response.body, limit),
		route: call.route,
		requestId: headerOf(response.headers, 'x-fal-request-id') ?? call.requestId,
		retryAfterMs: parseRetryAfter(headerOf(response.headers, 'retry-after')),
	});
}

function dropLateStream(response: FullResponse): void {
	if (isBodyStream(response.body)) response.body.destroy();
}

/** The response, or why there was none; no rejection escapes. */
async function attempt(
	request: Promise<unknown>,
): Promise<{ response?: FullResponse; failure?: unknown }> {
	return await request.then(
		(response) => ({ response: response as FullResponse }),
		(failure: unknown) => ({ failure }),
	);
}

/** A request that got no answer: stopped by us, or a network failure. */
function unanswered(
	ctx: FalContext,
	call: Pick<FalCall, 'route' | 'requestId' | 'signal'>,
	failure: unknown,
): Error {
	if (call.signal?.aborted) return call.signal.reason as Error;
	return falNetworkError(ctx.getNode(), {
		route: call.route,
		reason: reasonOf(failure),
		systemCode: systemCodeOf(failure),
		requestId: call.requestId,
	});
}

function answerOf<T>(response: FullResponse): FalAnswer<T> {
	return { body: response.body as T, headers: response.headers, status: response.statusCode };
}

/**
 * One call to fal's API with the credential's key, through n8n's own request
 * helper (and so n8n's proxy settings), or through the credential's Proxy URL
 * with fal's proxy protocol.
 */
export async function falRequest<T>(
	ctx: FalContext,
	connection: FalConnection,
	call: FalCall,
): Promise<FalAnswer<T>> {
	const request = ctx.helpers.httpRequestWithAuthentication.call(
		ctx,
		CREDENTIAL_TYPE,
		requestOptions(connection, call),
	) as Promise<FullResponse>;
	const { response, failure } = await attempt(untilAborted(request, call.signal, dropLateStream));
	if (!response) throw unanswered(ctx, call, failure);
	await checkStatus(ctx, call, response);
	return answerOf<T>(response);
}

/**
 * For the two calls that must outlive a stopped execution. n8n binds every
 * authenticated request to the execution's cancel signal: a stop would abort a
 * submit half-way (fal may then run a paid job we hold no id for, so we could
 * not cancel it) and would abort the cancel itself before it leaves. These
 * set fal's key header themselves, exactly as the credential's `authenticate`
 * block does (the same trimmed key), and go through n8n's plain request helper.
 */
export async function falRequestOutlivingStop<T>(
	ctx: FalContext,
	connection: FalConnection,
	call: FalCall,
): Promise<FalAnswer<T>> {
	const options = requestOptions(connection, call);
	options.headers = { ...options.headers, Authorization: `Key ${connection.apiKey}` };
	const { response, failure } = await attempt(ctx.helpers.httpRequest(options));
	if (!response) throw unanswered(ctx, call, failure);
	await checkStatus(ctx, call, response);
	return answerOf<T>(response);
}

function requestOptions(connection: FalConnection, call: FalCall): IHttpRequestOptions {
	const headers: IDataObject = { ...call.headers };
	if (connection.proxyUrl) headers[TARGET_URL_HEADER] = call.url;
	if (call.eventStream) headers.accept = 'text/event-stream';
	return {
		method: call.method,
		url: connection.proxyUrl ?? call.url,
		headers,
		timeout: call.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		...(call.body ? { body: call.body } : {}),
		...(call.eventStream ? { encoding: 'stream' as const } : { json: true }),
	};
}

/**
 * A request without the fal key: the storage upload URL and produced media
 * need none, and the key must not travel to them. Here n8n honours our abort
 * signal. The answer comes back whatever its status: callers judge it.
 */
export async function plainRequest<T>(
	ctx: FalContext,
	call: Omit<FalCall, 'body' | 'eventStream'> & {
		body?: Buffer;
		headers?: IDataObject;
		stream?: boolean;
	},
): Promise<FalAnswer<T>> {
	const { response, failure } = await attempt(
		ctx.helpers.httpRequest({
			method: call.method,
			url: call.url,
			headers: call.headers,
			body: call.body,
			timeout: call.timeoutMs,
			abortSignal: call.signal,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: call.stream ? 'stream' : 'json',
		}),
	);
	if (!response) throw unanswered(ctx, call, failure);
	return answerOf<T>(response);
}
