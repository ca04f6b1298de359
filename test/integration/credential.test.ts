import type { IHttpRequestOptions, INode } from 'n8n-workflow';

import { FalNanoBananaApi } from '../../credentials/FalNanoBananaApi.credentials';
import { FalEmulator } from '../emulator';
import { useEmulator } from '../helpers/emulator';
import { httpRequestWithAuthentication } from '../helpers/httpHelpers';
import { withEmulatorAsHttpsProxy } from '../helpers/runNode';

const VALID = 'cred-test-key:1234567890';
let emulator: FalEmulator;
useEmulator({ validKeys: [VALID] }, (started) => (emulator = started));

type Credentials = { apiKey: string; proxyUrl: string };

/** Resolves `={{ … }}` values against the credential, as n8n does before sending. */
function resolve(value: unknown, credentials: Credentials): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
		// eslint-disable-next-line @typescript-eslint/no-implied-eval
		const fn = new Function('$credentials', `return (${expression});`) as (
			c: Credentials,
		) => unknown;
		return String(fn(credentials));
	});
}

const TESTER: INode = {
	id: 'credential-test',
	name: 'Credential test',
	type: 'falNanoBananaApi',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * Sends the credential's "Test" request the way n8n builds it: the test request with its
 * expressions resolved against the credential, the `authenticate` headers added, through n8n's
 * request helper (and so through n8n's proxy settings).
 */
async function pressTest(credentials: Credentials): Promise<number> {
	const request = new FalNanoBananaApi().test.request as IHttpRequestOptions;
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers ?? {})) {
		headers[name] = String(resolve(value, credentials));
	}
	const response = (await httpRequestWithAuthentication(
		TESTER,
		credentials,
		new AbortController().signal,
		{
			...request,
			baseURL: resolve(request.baseURL, credentials) as string,
			url: resolve(request.url, credentials) as string,
			headers,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		},
	)) as { statusCode: number };
	return response.statusCode;
}

describe('fal API credential test', () => {
	it('accepts a valid key through the proxy without starting a generation', async () => {
		expect(await pressTest({ apiKey: VALID, proxyUrl: emulator.proxyUrl })).toBe(200);
		expect(emulator.submissions()).toHaveLength(0);
		const [request] = emulator.requests;
		expect(request.route).toBe('upload-initiate');
		expect(request.key).toBe(VALID);
	});

	it('trims the pasted key as the node does, so a key that works in the node passes the test', async () => {
		expect(await pressTest({ apiKey: `  ${VALID}\n`, proxyUrl: emulator.proxyUrl })).toBe(200);
		expect(emulator.requests[0].headers.authorization).toBe(`Key ${VALID}`);
	});

	it('rejects a wrong key', async () => {
		expect(await pressTest({ apiKey: 'not-a-key', proxyUrl: emulator.proxyUrl })).toBe(401);
		expect(emulator.submissions()).toHaveLength(0);
	});

	it('with no Proxy URL, sends the key check to rest.fal.ai itself (n8n behind HTTPS_PROXY)', async () => {
		const status = await withEmulatorAsHttpsProxy(emulator, () =>
			pressTest({ apiKey: ` ${VALID} `, proxyUrl: '' }),
		);
		expect(status).toBe(200);
		expect(emulator.tunnels.map((tunnel) => tunnel.authority)).toEqual(['rest.fal.ai:443']);
		expect(emulator.requests).toHaveLength(1);
		const [request] = emulator.requests;
		expect(request.route).toBe('upload-initiate');
		expect(request.method).toBe('POST');
		expect(request.targetUrl).toBe(
			'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3',
		);
		expect(request.headers.host).toBe('rest.fal.ai');
		expect(request.headers.authorization).toBe(`Key ${VALID}`);
		expect(emulator.submissions()).toHaveLength(0);
	});

	it('with no Proxy URL, a wrong key fails the test at rest.fal.ai', async () => {
		const status = await withEmulatorAsHttpsProxy(emulator, () =>
			pressTest({ apiKey: 'not-a-key', proxyUrl: '' }),
		);
		expect(status).toBe(401);
		expect(emulator.requests[0].targetUrl).toMatch(/^https:\/\/rest\.fal\.ai\//);
		expect(emulator.requests[0].headers.authorization).toBe('Key not-a-key');
	});
});
