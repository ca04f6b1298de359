/**
 * Errors raised by the fal transport. They are deliberately not the client's
 * `ApiError`: the client retries its own errors on its own schedule, and we
 * want every retry decision made in one place (see retry.ts).
 */

export type FalRoute =
	| 'submit'
	| 'status'
	| 'stream'
	| 'result'
	| 'cancel'
	| 'upload-initiate'
	| 'upload'
	| 'download'
	| 'other';

export interface FalFieldError {
	loc?: Array<string | number>;
	msg?: string;
	type?: string;
}

export class FalHttpError extends Error {
	readonly status: number;

	readonly body: unknown;

	requestId: string | undefined;

	readonly route: FalRoute;

	/** From a `Retry-After` header, in milliseconds. */
	readonly retryAfterMs: number | undefined;

	constructor(args: {
		status: number;
		statusText: string;
		body: unknown;
		requestId?: string;
		route: FalRoute;
		retryAfterMs?: number;
	}) {
		super(`HTTP ${args.status}${args.statusText ? ` ${args.statusText}` : ''}`);
		this.name = 'FalHttpError';
		this.status = args.status;
		this.body = args.body;
		this.requestId = args.requestId || undefined;
		this.route = args.route;
		this.retryAfterMs = args.retryAfterMs;
	}
}

/** A request that never got an HTTP answer (refused, reset, DNS, ...). */
export class FalNetworkError extends Error {
	/**
	 * The system error code, e.g. ECONNREFUSED. Not named `code` and not on
	 * `cause`: the client would find it there and retry on its own schedule.
	 */
	readonly systemCode: string | undefined;

	readonly route: FalRoute;

	requestId: string | undefined;

	constructor(message: string, systemCode: string | undefined, route: FalRoute) {
		super(message);
		this.name = 'FalNetworkError';
		this.systemCode = systemCode;
		this.route = route;
	}
}

/** The model ran but gave nothing usable (no image, a body that is not a result). */
export class FalResultError extends Error {
	readonly requestId: string;

	constructor(message: string, requestId: string) {
		super(message);
		this.name = 'FalResultError';
		this.requestId = requestId;
	}
}

/** The job was stopped by us: execution cancelled or the timeout passed. */
export class FalAbortError extends Error {
	readonly reason: 'cancelled' | 'timeout';

	readonly requestId: string | undefined;

	constructor(reason: 'cancelled' | 'timeout', message: string, requestId?: string) {
		super(message);
		this.name = 'FalAbortError';
		this.reason = reason;
		this.requestId = requestId;
	}
}

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

/** Errors after submit name the fal request, even when fal's answer did not carry its id. */
export function attachRequestId(error: unknown, requestId: string | undefined): unknown {
	if (
		requestId &&
		(error instanceof FalHttpError || error instanceof FalNetworkError) &&
		!error.requestId
	) {
		error.requestId = requestId;
	}
	return error;
}
