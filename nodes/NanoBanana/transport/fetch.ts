import { FalHttpError, FalNetworkError, type FalRoute } from './errors';
import { isEventStreamRequest, routeOf, targetUrlOf } from './route';

const MAX_ERROR_BODY_CHARS = 20_000;

function systemErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

export function parseRetryAfter(value: string | null): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function readErrorBody(response: Response): Promise<unknown> {
	const text = (await response.text().catch(() => '')).slice(0, MAX_ERROR_BODY_CHARS);
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export function isAbortError(error: unknown): boolean {
	return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * The fetch handed to the fal client. It turns every failure into our own
 * error types so that the client's built-in retry loop never fires (it only
 * retries its own ApiError and raw network errors), and it binds each request
 * to the job's abort signal, which the client does not do for every call.
 */
export function createFalFetch(
	jobSignal?: AbortSignal,
	onResponse?: (route: FalRoute, response: Response) => void,
): typeof fetch {
	return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
		const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
		const method = init?.method ?? 'GET';
		const route: FalRoute = routeOf(targetUrlOf(url, init), method);
		const signals = [init?.signal, jobSignal].filter((s): s is AbortSignal => !!s);
		const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];

		let response: Response;
		try {
			response = await fetch(url, { ...init, signal });
		} catch (error) {
			if (isAbortError(error) || signal?.aborted) throw error;
			const message = error instanceof Error ? error.message : String(error);
			throw new FalNetworkError(message, systemErrorCode(error), route);
		}

		if (!response.ok) {
			throw new FalHttpError({
				status: response.status,
				statusText: response.statusText,
				body: await readErrorBody(response),
				requestId: response.headers.get('x-fal-request-id') ?? undefined,
				route,
				retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
			});
		}

		// The client reads anything that is not an event stream with a reader
		// whose rejections nobody catches; refuse such a body here instead.
		if (isEventStreamRequest(init) && route === 'stream') {
			const type = response.headers.get('content-type') ?? '';
			if (!type.startsWith('text/event-stream')) {
				await response.body?.cancel().catch(() => undefined);
				throw new FalHttpError({
					status: 502,
					statusText: `expected an event stream, got "${type || 'no content type'}"`,
					body: undefined,
					route,
				});
			}
		}
		onResponse?.(route, response);
		return response;
	};
}
