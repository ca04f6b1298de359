import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './credentials';
import { falHttpError, falNetworkError, reasonOf, systemCodeOf } from './errors';
import { untilAborted } from './signals';
import type { FalConnection, FalRoute } from './types';

export const TARGET_URL_HEADER = 'x-fal-target-url';

const MAX_ERROR_BODY_BYTES = 20_000;

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

async function readErrorBody(body: unknown): Promise<unknown> {
	if (!isBodyStream(body)) return body;
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		chunks.push(bytes);
		size += bytes.length;
		if (size >= MAX_ERROR_BODY_BYTES) break;
	}
	body.destroy();
	const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY_BYTES);
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Throws fal's answer as a NodeApiError when its status is an error. */
export async function checkStatus(
	ctx: IExecuteFunctions,
	call: Pick<FalCall, 'route' | 'requestId'>,
	response: FullResponse | FalAnswer<unknown>,
): Promise<void> {
	const status = 'statusCode' in response ? response.statusCode : response.status;
	if (status < 400) return;
	throw falHttpError(ctx.getNode(), {
		status,
		body: await readErrorBody(response.body),
		route: call.route,
		requestId: headerOf(response.headers, 'x-fal-request-id') ?? call.requestId,
		retryAfterMs: parseRetryAfter(headerOf(response.headers, 'retry-after')),
	});
}

function dropLateStream(response: FullResponse): void {
	if (isBodyStream(response.body)) response.body.destroy();
}

/**
 * One call to fal's API with the credential's key, through n8n's own request
 * helper (and so n8n's proxy settings), or through the credential's Proxy URL
 * with fal's proxy protocol.
 */
export async function falRequest<T>(
	ctx: IExecuteFunctions,
	connection: FalConnection,
	call: FalCall,
): Promise<FalAnswer<T>> {
	const options = requestOptions(connection, call);
	let response: FullResponse | undefined;
	let failure: unknown;
	try {
		response = await untilAborted(
			ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				CREDENTIAL_TYPE,
				options,
			) as Promise<FullResponse>,
			call.signal,
			dropLateStream,
		);
	} catch (error) {
		failure = error;
	}
	return await answerOf<T>(ctx, call, response, failure);
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
	ctx: IExecuteFunctions,
	connection: FalConnection,
	call: FalCall,
): Promise<FalAnswer<T>> {
	const options = requestOptions(connection, call);
	options.headers = { ...options.headers, Authorization: `Key ${connection.apiKey}` };
	let response: FullResponse | undefined;
	let failure: unknown;
	try {
		response = (await ctx.helpers.httpRequest(options)) as FullResponse;
	} catch (error) {
		failure = error;
	}
	return await answerOf<T>(ctx, call, response, failure);
}

function requestOptions(connection: FalConnection, call: FalCall): IHttpRequestOptions {
	const headers: IDataObject = {};
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

async function answerOf<T>(
	ctx: IExecuteFunctions,
	call: FalCall,
	response: FullResponse | undefined,
	failure: unknown,
): Promise<FalAnswer<T>> {
	if (!response) {
		if (call.signal?.aborted) throw call.signal.reason;
		throw falNetworkError(ctx.getNode(), {
			route: call.route,
			reason: reasonOf(failure),
			systemCode: systemCodeOf(failure),
			requestId: call.requestId,
		});
	}
	await checkStatus(ctx, call, response);
	return { body: response.body as T, headers: response.headers, status: response.statusCode };
}

/**
 * A request without the fal key: the storage upload URL and produced media
 * need none, and the key must not travel to them. Here n8n honours our abort
 * signal. The answer comes back whatever its status: callers judge it.
 */
export async function plainRequest<T>(
	ctx: IExecuteFunctions,
	call: Omit<FalCall, 'body' | 'eventStream'> & {
		body?: Buffer;
		headers?: IDataObject;
		stream?: boolean;
	},
): Promise<FalAnswer<T>> {
	let response: FullResponse | undefined;
	let failure: unknown;
	try {
		response = (await ctx.helpers.httpRequest({
			method: call.method,
			url: call.url,
			headers: call.headers,
			body: call.body,
			timeout: call.timeoutMs,
			abortSignal: call.signal,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: call.stream ? 'stream' : 'json',
		})) as FullResponse;
	} catch (error) {
		failure = error;
	}
	if (!response) {
		if (call.signal?.aborted) throw call.signal.reason;
		throw falNetworkError(ctx.getNode(), {
			route: call.route,
			reason: reasonOf(failure),
			systemCode: systemCodeOf(failure),
			requestId: call.requestId,
		});
	}
	return { body: response.body as T, headers: response.headers, status: response.statusCode };
}
