import type { IHttpRequestOptions } from 'n8n-workflow';

import { FalNanoBananaApi } from '../../credentials/FalNanoBananaApi.credentials';
import { FalEmulator } from '../emulator';
import { useEmulator } from '../helpers/emulator';

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

/** Sends the credential's "Test" request the way n8n would: test request plus the authenticate headers. */
async function pressTest(credentials: Credentials): Promise<number> {
	const type = new FalNanoBananaApi();
	const request = type.test.request as IHttpRequestOptions;
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	for (const [name, value] of Object.entries({
		...(request.headers ?? {}),
		...(type.authenticate.properties.headers ?? {}),
	})) {
		headers[name] = String(resolve(value, credentials));
	}
	const url = `${resolve(request.baseURL, credentials) as string}${resolve(request.url, credentials) as string}`;
	const response = await fetch(url, {
		method: request.method,
		headers,
		body: JSON.stringify(request.body),
	});
	await response.body?.cancel();
	return response.status;
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
		expect(emulator.requests[0].key).toBe(VALID);
	});

	it('rejects a wrong key', async () => {
		expect(await pressTest({ apiKey: 'not-a-key', proxyUrl: emulator.proxyUrl })).toBe(401);
		expect(emulator.submissions()).toHaveLength(0);
	});

	it('goes straight to fal when no proxy is set', () => {
		const request = new FalNanoBananaApi().test.request as IHttpRequestOptions;
		expect(resolve(request.baseURL, { apiKey: VALID, proxyUrl: '' })).toBe(
			'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3',
		);
	});
});
