import axios, { type AxiosRequestConfig } from 'axios';
import {
	NodeApiError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { FalNanoBananaApi } from '../../credentials/FalNanoBananaApi.credentials';
import { isFalHost } from '../emulator/router';
import { proxyFor, tunnellingAgent } from './envProxy';

/**
 * Routes the request as n8n does (axios's own proxy handling off): through the proxy the
 * environment names, a CONNECT tunnel for https; straight to the host otherwise.
 */
function routeThroughEnvProxy(config: AxiosRequestConfig): void {
	config.proxy = false;
	const target = new URL(config.url ?? '', config.baseURL);
	const proxy = proxyFor(target);
	if (!proxy) {
		// Without a proxy a request to fal's real host names would reach the live fal API.
		if (isFalHost(target.hostname)) {
			throw new Error(`A test request to ${target.origin} has no proxy: it would reach fal itself`);
		}
		return;
	}
	if (target.protocol === 'https:') config.httpsAgent = tunnellingAgent(proxy);
	else
		config.proxy = {
			protocol: proxy.protocol,
			host: proxy.hostname,
			port: Number(proxy.port) || 80,
		};
}

/**
 * n8n-core's `httpRequest` as both n8n lines implement it: the request options
 * become an axios request (json accept header, `encoding` as the response
 * type, `ignoreHttpStatusErrors`, `abortSignal`, `timeout`), sent through
 * HTTPS_PROXY / NO_PROXY as n8n does, and the answer comes back as n8n returns
 * it. Real HTTP, so tests talk to the emulator.
 */
export async function httpRequest(options: IHttpRequestOptions): Promise<unknown> {
	const method = (options.method ?? 'GET').toUpperCase();
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(options.headers ?? {})) headers[name] = String(value);
	const config: AxiosRequestConfig = {
		method,
		url: options.url,
		baseURL: options.baseURL,
		headers,
		params: options.qs,
		timeout: options.timeout,
		maxBodyLength: Infinity,
		maxContentLength: Infinity,
	};
	if (options.abortSignal) config.signal = options.abortSignal;
	if (options.encoding !== undefined) config.responseType = options.encoding;
	const body = options.body as unknown;
	const empty =
		body === undefined ||
		body === null ||
		(typeof body === 'object' && !Buffer.isBuffer(body) && Object.keys(body).length === 0);
	if (!empty && method !== 'GET') config.data = body;
	if (options.json && !Object.keys(headers).some((name) => name.toLowerCase() === 'accept')) {
		headers.Accept = 'application/json';
	}
	if (options.ignoreHttpStatusErrors) config.validateStatus = () => true;
	routeThroughEnvProxy(config);
	const result = await axios(config);
	if (options.returnFullResponse) {
		return {
			body: result.data as unknown,
			headers: result.headers,
			statusCode: result.status,
			statusMessage: result.statusText,
		};
	}
	return result.data as unknown;
}

/** Evaluates the `={{ ... }}` templates of a credential's authenticate block. */
function withCredentials(template: string, credentials: ICredentialDataDecryptedObject): string {
	if (!template.startsWith('=')) return template;
	return template.slice(1).replace(/\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
		// eslint-disable-next-line @typescript-eslint/no-implied-eval
		const fn = new Function('$credentials', `return (${expression});`) as (
			c: ICredentialDataDecryptedObject,
		) => unknown;
		return String(fn(credentials));
	});
}

/**
 * n8n-core's `httpRequestWithAuthentication` for the fal credential: the
 * credential's own `authenticate` block sets the headers, the request is bound
 * to the execution's cancel signal (replacing any signal the node passed, as
 * n8n does), and a failure without an answer is thrown as n8n's NodeApiError.
 */
export async function httpRequestWithAuthentication(
	node: INode,
	credentials: ICredentialDataDecryptedObject,
	cancelSignal: AbortSignal,
	options: IHttpRequestOptions,
): Promise<unknown> {
	const authenticate = new FalNanoBananaApi().authenticate;
	const headers: IDataObject = { ...(options.headers ?? {}) };
	for (const [name, value] of Object.entries(authenticate.properties.headers ?? {})) {
		headers[name] = withCredentials(String(value), credentials);
	}
	try {
		return await httpRequest({ ...options, headers, abortSignal: cancelSignal });
	} catch (error) {
		throw new NodeApiError(node, error as JsonObject);
	}
}
