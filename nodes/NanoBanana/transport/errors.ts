import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import type { FalRoute } from './types';

/**
 * Every error the transport raises is one of n8n's own (NodeApiError for
 * what fal or the network answered, NodeOperationError for the rest), so
 * n8n shows it properly. What retry rules and messages need to know about
 * it is kept beside it here, not in fields n8n would store with the run.
 */
export interface FalFailure {
	kind: 'http' | 'network' | 'timeout' | 'cancelled' | 'result' | 'download';
	route?: FalRoute;
	status?: number;
	/** A system error code such as ECONNREFUSED, when the request never got an answer. */
	systemCode?: string;
	requestId?: string;
	/** From a `Retry-After` header, in milliseconds. */
	retryAfterMs?: number;
	/** The queue's own `status` in an error body, e.g. ALREADY_COMPLETED from a cancel. */
	queueStatus?: string;
}

const failures = new WeakMap<object, FalFailure>();

/** Codes that prove the connection never reached fal, so no job can exist. */
export const NEVER_CONNECTED_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

export function falFailureOf(error: unknown): FalFailure | undefined {
	return error && typeof error === 'object' ? failures.get(error) : undefined;
}

function mark<E extends NodeApiError | NodeOperationError>(error: E, failure: FalFailure): E {
	failures.set(error, failure);
	return error;
}

export interface FalFieldError {
	loc?: Array<string | number>;
	msg?: string;
	type?: string;
}

/** Where a user sees what fal ran (and billed), to check before re-running an item. */
export const REQUEST_HISTORY_URL = 'https://fal.ai/dashboard/requests';

/** After a submit fal may or may not have taken: re-running could pay twice. */
const CHECK_HISTORY = `check the request history at ${REQUEST_HISTORY_URL} before running this item again`;

const ROUTE_LABELS: Record<FalRoute, string> = {
	submit: 'submitting the request',
	status: 'checking the request status',
	stream: 'following the request status',
	result: 'fetching the result',
	cancel: 'cancelling the request',
	'upload-initiate': 'starting a file upload',
	upload: 'uploading a file',
	download: 'downloading an image',
};

/** fal's `body.detail`: a string, or pydantic's list of field errors. */
export function falDetail(body: unknown): string | FalFieldError[] | undefined {
	if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 500) : undefined;
	if (!body || typeof body !== 'object') return undefined;
	const { detail, message, error } = body as {
		detail?: unknown;
		message?: unknown;
		error?: unknown;
	};
	if (typeof detail === 'string') return detail;
	if (Array.isArray(detail)) return detail as FalFieldError[];
	if (detail && typeof detail === 'object') return JSON.stringify(detail);
	if (typeof message === 'string') return message;
	if (typeof error === 'string') return error;
	return undefined;
}

/** "num_images: must be at most 4" — the field path without pydantic's leading "body". */
export function formatFieldError(fieldError: FalFieldError): string {
	const path = (fieldError.loc ?? []).filter((part, i) => !(i === 0 && part === 'body')).join('.');
	const msg = fieldError.msg ?? fieldError.type ?? 'invalid value';
	return path ? `${path}: ${msg}` : msg;
}

export function falDetailText(body: unknown): string | undefined {
	const detail = falDetail(body);
	if (detail === undefined) return undefined;
	if (typeof detail === 'string') return detail;
	return detail.map(formatFieldError).join('; ');
}

function describeHttp(
	status: number,
	body: unknown,
	route: FalRoute,
	requestId: string | undefined,
): { message: string; description?: string } {
	const detailText = falDetailText(body);
	const detail = detailText ? `: ${detailText}` : '';
	const request = requestId ? ` (fal request ${requestId})` : '';
	switch (status) {
		case 401:
			return {
				message: `fal rejected the API key (401)${detail}`,
				description:
					'Check the API key in the "Fal API" credential. Keys are created at https://fal.ai/dashboard/keys.',
			};
		case 403:
			return {
				message: `fal refused the request (403)${detail}`,
				description:
					'This usually means the fal account has no balance left or the key may not use this model.',
			};
		case 404:
			return {
				message: `fal did not find ${route === 'submit' ? 'the model' : 'the request'} (404)${detail}${request}`,
			};
		case 422:
			return {
				message: `fal rejected the input (422)${detail}${request}`,
				description:
					'Nothing was generated for this item. Correct the named parameters and run it again.',
			};
		case 429:
			return {
				message: `fal's rate limit was reached and retries ran out (429)${detail}${request}`,
				description: 'Lower the "Concurrency" option or raise "Max Retries".',
			};
		default:
			return {
				message:
					// A server error after the submit arrived does not prove fal did not take the job.
					route === 'submit' && (status >= 500 || status === 408)
						? `fal answered HTTP ${status} while ${ROUTE_LABELS[route]}${detail}${request}. A job may be running at fal all the same; ${CHECK_HISTORY}`
						: `fal answered HTTP ${status} while ${ROUTE_LABELS[route]}${detail}${request}`,
			};
	}
}

/** n8n rewrites messages that mention codes such as ECONNREFUSED; ours already say what failed. */
function withMessage<E extends NodeApiError | NodeOperationError>(
	error: E,
	message: string,
	description?: string,
): E {
	error.message = message;
	error.description = description;
	return error;
}

/** fal answered with an error status: fal's status and detail, as a NodeApiError. */
export function falHttpError(
	node: INode,
	args: {
		status: number;
		body: unknown;
		route: FalRoute;
		requestId?: string;
		retryAfterMs?: number;
	},
): NodeApiError {
	const { message, description } = describeHttp(args.status, args.body, args.route, args.requestId);
	// Only the status goes into n8n's error record; fal's detail is in the message.
	const error = new NodeApiError(node, { httpCode: String(args.status) } as JsonObject, {
		httpCode: String(args.status),
	});
	return mark(withMessage(error, message, description), {
		kind: 'http',
		route: args.route,
		status: args.status,
		requestId: args.requestId,
		retryAfterMs: args.retryAfterMs,
		queueStatus: queueStatusOf(args.body),
	});
}

function queueStatusOf(body: unknown): string | undefined {
	const status =
		body && typeof body === 'object' ? (body as { status?: unknown }).status : undefined;
	return typeof status === 'string' ? status : undefined;
}

/** A request that got no HTTP answer (refused, reset, timed out, ...). */
export function falNetworkError(
	node: INode,
	args: { route: FalRoute; reason: string; systemCode?: string; requestId?: string },
): NodeApiError {
	const { route, reason, systemCode, requestId } = args;
	const code = systemCode ? ` (${systemCode})` : '';
	const request = requestId ? ` (fal request ${requestId})` : '';
	const error = new NodeApiError(node, { code: systemCode ?? null } as JsonObject);
	const base = `Could not reach fal while ${ROUTE_LABELS[route]}${code}: ${reason}`;
	// A submit that was sent but never answered may have started a (paid) job.
	const message =
		route === 'submit' && !(systemCode && NEVER_CONNECTED_CODES.has(systemCode))
			? `${base}. fal gave no answer, so a job may be running at fal with no known request id; ${CHECK_HISTORY}`
			: `${base}${request}`;
	return mark(
		withMessage(
			error,
			message,
			'Check the network, and the Proxy URL in the "Fal API" credential if one is set.',
		),
		{ kind: 'network', route, systemCode, requestId },
	);
}

/** The job was stopped by us: execution cancelled or the timeout passed. */
export function falAbortError(
	node: INode,
	reason: 'cancelled' | 'timeout',
	message: string,
	requestId?: string,
): NodeOperationError {
	return mark(withMessage(new NodeOperationError(node, message), message), {
		kind: reason,
		requestId,
	});
}

/** The model ran but gave nothing usable (no image, a body that is not a result). */
export function falResultError(
	node: INode,
	message: string,
	requestId: string,
	/** The status a download of the result's images got, when it failed with one. */
	status?: number,
): NodeOperationError {
	return mark(withMessage(new NodeOperationError(node, message), message), {
		kind: 'result',
		requestId,
		...(status !== undefined ? { status } : {}),
	});
}

/** A media download failed; `status` is set when the server answered. */
export function downloadError(node: INode, message: string, status?: number): NodeOperationError {
	return mark(withMessage(new NodeOperationError(node, message), message), {
		kind: 'download',
		route: 'download',
		status,
	});
}

/** The system code of a failed request, wherever n8n's and axios' wrapping put it. */
export function systemCodeOf(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	const queue: unknown[] = [error];
	while (queue.length > 0) {
		const current = queue.shift();
		if (!current || typeof current !== 'object' || seen.has(current)) continue;
		seen.add(current);
		const { code, httpCode, cause, errorResponse } = current as Record<string, unknown>;
		for (const value of [code, httpCode]) {
			if (typeof value === 'string' && /^E[A-Z_]+$/.test(value)) return value;
		}
		queue.push(cause, errorResponse);
	}
	return undefined;
}

/** The underlying reason of a failed request, without n8n's generic rewording. */
export function reasonOf(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const { messages } = error as { messages?: unknown };
	const original = Array.isArray(messages)
		? messages.find((text): text is string => typeof text === 'string' && text.length > 0)
		: undefined;
	return original ?? error.message;
}
