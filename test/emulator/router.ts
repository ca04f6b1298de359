import { isServedEndpoint, SERVED_APPS as APPS, type ServedEndpoint } from './endpoints';
import type { Route } from './types';

export const PROXY_PATH = '/api/fal/proxy';

export type Match =
	| { route: 'submit'; endpoint: ServedEndpoint }
	| { route: 'status' | 'stream' | 'result' | 'cancel'; requestId: string; app: string }
	| { route: 'upload-initiate' }
	| { route: 'upload'; token: string }
	| { route: 'media'; fileUrl: string }
	| { route: 'jwks' }
	/** A route the emulator answers with a fixed error, after faults and auth. */
	| { route: Route; error: { status: number; detail: string } };

function notFound(route: Route, detail = 'Not Found'): Match {
	return { route, error: { status: 404, detail } };
}

function methodNotAllowed(route: Route): Match {
	return { route, error: { status: 405, detail: 'Method Not Allowed' } };
}

/** fal's server proxy only forwards to fal hosts. */
export function isFalHost(host: string): boolean {
	return /(^|\.)fal\.(run|ai|media)$/.test(host);
}

export function isProxyPath(pathname: string): boolean {
	return pathname === PROXY_PATH || pathname === `${PROXY_PATH}/`;
}

/** Routes a request made straight to the emulator (uploads and produced media). */
export function matchDirect(method: string, pathname: string, fullUrl: string): Match {
	const upload = /^\/upload\/([^/]+)$/.exec(pathname);
	if (upload) {
		return method === 'PUT' ? { route: 'upload', token: upload[1] } : methodNotAllowed('upload');
	}
	if (pathname.startsWith('/files/')) {
		return method === 'GET' || method === 'HEAD'
			? { route: 'media', fileUrl: fullUrl }
			: methodNotAllowed('media');
	}
	return notFound('other');
}

/** Routes a proxied request by the host and path of its x-fal-target-url. */
export function matchTarget(method: string, target: URL): Match {
	const host = target.hostname;
	if (host === 'fal.media' || host.endsWith('.fal.media')) {
		const fileUrl = `${target.origin}${target.pathname}`;
		return method === 'GET' || method === 'HEAD'
			? { route: 'media', fileUrl }
			: methodNotAllowed('media');
	}
	if (host === 'rest.alpha.fal.ai' && target.pathname === '/.well-known/jwks.json') {
		return method === 'GET' ? { route: 'jwks' } : methodNotAllowed('jwks');
	}
	if (host === 'rest.fal.ai' || (host.startsWith('rest.') && host.endsWith('.fal.ai'))) {
		if (target.pathname !== '/storage/upload/initiate') return notFound('other');
		return method === 'POST' ? { route: 'upload-initiate' } : methodNotAllowed('upload-initiate');
	}
	if (host === 'queue.fal.run') return matchQueue(method, target.pathname);
	return notFound('other', `The emulator does not implement ${host}; use the queue API`);
}

function matchQueue(method: string, pathname: string): Match {
	const segments = pathname.split('/').filter(Boolean);
	const at = segments.indexOf('requests');
	if (at >= 2 && segments.length > at + 1) {
		const app = segments.slice(0, at).join('/');
		const requestId = segments[at + 1];
		const rest = segments.slice(at + 2).join('/');
		if (rest === '') return requestMatch('result', 'GET', method, app, requestId);
		if (rest === 'status') return requestMatch('status', 'GET', method, app, requestId);
		if (rest === 'status/stream') return requestMatch('stream', 'GET', method, app, requestId);
		if (rest === 'cancel') return requestMatch('cancel', 'PUT', method, app, requestId);
		return notFound('other');
	}
	const endpoint = segments.join('/');
	if (isServedEndpoint(endpoint)) {
		return method === 'POST' ? { route: 'submit', endpoint } : methodNotAllowed('submit');
	}
	return appNotFound(segments, 'submit');
}

function requestMatch(
	route: 'status' | 'stream' | 'result' | 'cancel',
	expected: string,
	method: string,
	app: string,
	requestId: string,
): Match {
	if (APPS.some((known) => app.startsWith(`${known}/`))) {
		// Requests live under owner/app only: fal has nothing at …/nano-banana/edit/requests/….
		return notFound(route, 'Request not found');
	}
	if (!APPS.includes(app)) return appNotFound(app.split('/'), route);
	if (method !== expected) return methodNotAllowed(route);
	return { route, requestId, app };
}

/** What fal answers for an app it does not host; a known app with a bad sub-path is a plain 404. */
export function appNotFound(segments: string[], route: Route): Match {
	const [owner, alias] = segments;
	if (APPS.includes(`${owner}/${alias}`)) return notFound(route);
	return notFound(route, `Application "${alias ?? owner ?? ''}" not found`);
}
