import type { FalRoute } from './errors';

export const TARGET_URL_HEADER = 'x-fal-target-url';

function headerValue(headers: RequestInit['headers'], name: string): string | undefined {
	if (!headers) return undefined;
	if (headers instanceof Headers) return headers.get(name) ?? undefined;
	if (Array.isArray(headers)) {
		const pair = headers.find(([key]) => key.toLowerCase() === name);
		return pair?.[1];
	}
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	return key ? (headers as Record<string, string>)[key] : undefined;
}

/** The fal URL a request is really for: behind a proxy it travels in a header. */
export function targetUrlOf(url: string, init: RequestInit | undefined): string {
	return headerValue(init?.headers, TARGET_URL_HEADER) ?? url;
}

/** Which step of fal's protocol a request belongs to, for retry rules and error messages. */
export function routeOf(targetUrl: string, method: string): FalRoute {
	let parsed: URL;
	try {
		parsed = new URL(targetUrl);
	} catch {
		return 'other';
	}
	const path = parsed.pathname;
	if (path.endsWith('/storage/upload/initiate')) return 'upload-initiate';
	if (parsed.hostname.startsWith('queue.')) {
		if (path.endsWith('/status/stream')) return 'stream';
		if (path.endsWith('/status')) return 'status';
		if (path.endsWith('/cancel')) return 'cancel';
		if (/\/requests\/[^/]+$/.test(path)) return 'result';
		if (method.toUpperCase() === 'POST') return 'submit';
	}
	if (method.toUpperCase() === 'PUT') return 'upload';
	return 'other';
}

export function isEventStreamRequest(init: RequestInit | undefined): boolean {
	return (headerValue(init?.headers, 'accept') ?? '').includes('text/event-stream');
}
