import { createHash, createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createFalClient, type FalClient } from '@fal-ai/client';

import { DEFAULT_KEY, EmulatorControl, FAL_JWKS_URL, FalEmulator } from './index';
import { retryDelay } from './webhooks';

const T2I = 'fal-ai/nano-banana';

interface Received {
	headers: IncomingHttpHeaders;
	raw: Buffer;
	body: Record<string, unknown>;
}

/** A webhook receiver answering each POST with the next status of `statuses` (then 200). */
class Receiver {
	readonly received: Received[] = [];
	statuses: number[] = [];
	private readonly server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			this.received.push({
				headers: req.headers,
				raw,
				body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>,
			});
			res.writeHead(this.statuses.shift() ?? 200).end('{}');
		});
	});

	async start(): Promise<string> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook?x=1`;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

let emulator: FalEmulator;
let control: EmulatorControl;
let fal: FalClient;
let receiver: Receiver;
let hookUrl: string;

beforeEach(async () => {
	emulator = await FalEmulator.start({ processingMs: 0, webhookRetryMs: 5 });
	control = new EmulatorControl(emulator.url);
	fal = createFalClient({
		credentials: DEFAULT_KEY,
		proxyUrl: { url: emulator.proxyUrl, when: 'always' },
	});
	receiver = new Receiver();
	hookUrl = await receiver.start();
});

afterEach(async () => {
	await emulator.close();
	await receiver.close();
});

async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean): Promise<T> {
	for (let i = 0; i < 600; i++) {
		const value = await read();
		if (ok(value)) return value;
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	throw new Error('condition not met');
}

/** fal's JWKS as a receiver fetches it: through the proxy, like every fal host in tests. */
async function jwks(): Promise<Array<Record<string, string>>> {
	const response = await fetch(emulator.proxyUrl, {
		headers: { 'x-fal-target-url': FAL_JWKS_URL },
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { keys: Array<Record<string, string>> }).keys;
}

/** Checks a delivery as fal's docs tell receivers to, with node:crypto alone. */
async function signatureHolds(delivery: Received): Promise<boolean> {
	const h = delivery.headers;
	const message = [
		h['x-fal-webhook-request-id'],
		h['x-fal-webhook-user-id'],
		h['x-fal-webhook-timestamp'],
		createHash('sha256').update(delivery.raw).digest('hex'),
	].join('\n');
	const signature = Buffer.from(String(h['x-fal-webhook-signature'] ?? ''), 'hex');
	return (await jwks()).some((jwk) =>
		verify(null, Buffer.from(message), createPublicKey({ key: jwk, format: 'jwk' }), signature),
	);
}

async function submitWithHook(prompt: string): Promise<string> {
	const queued = await fal.queue.submit(T2I, { input: { prompt }, webhookUrl: hookUrl });
	expect(queued.status).toBe('IN_QUEUE');
	return queued.request_id;
}

describe('fal webhooks', () => {
	it('POSTs the signed result to fal_webhook as fal does; the real client submits unchanged', async () => {
		const requestId = await submitWithHook('a red fox');
		const [delivery] = await until(
			() => receiver.received,
			(r) => r.length === 1,
		);
		expect(delivery.body).toMatchObject({
			request_id: requestId,
			gateway_request_id: requestId,
			status: 'OK',
			error: null,
		});
		const payload = delivery.body.payload as { images: Array<{ url: string }> };
		const result = await fal.queue.result(T2I, { requestId });
		expect(payload).toEqual(result.data);
		expect(delivery.headers['x-fal-webhook-request-id']).toBe(requestId);
		expect(delivery.headers['x-fal-webhook-user-id']).toMatch(/^user-/);
		const age = Date.now() / 1000 - Number(delivery.headers['x-fal-webhook-timestamp']);
		expect(Math.abs(age)).toBeLessThan(60);
		expect(await signatureHolds(delivery)).toBe(true);
		const keys = await jwks();
		expect(keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519' })]);
		const [listed] = await until(
			() => control.webhooks(),
			(d) => d[0]?.outcome === 'delivered',
		);
		expect(listed).toMatchObject({
			requestId,
			url: hookUrl,
			status: 'OK',
			attempts: [{ status: 200 }],
		});
	});

	it('retries a failed delivery on the doubling schedule until the receiver takes it', async () => {
		receiver.statuses = [500, 503];
		const requestId = await submitWithHook('retry me');
		const [listed] = await until(
			() => control.webhooks(),
			(d) => d[0]?.outcome === 'delivered',
		);
		expect(listed.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
		expect(receiver.received.map((r) => r.body.request_id)).toEqual([
			requestId,
			requestId,
			requestId,
		]);
		// Each attempt is signed anew over the same body.
		expect(new Set(receiver.received.map((r) => r.raw.toString()))).toHaveProperty('size', 1);
		for (const delivery of receiver.received) expect(await signatureHolds(delivery)).toBe(true);
	});

	it('doubles the wait between attempts, up to webhookRetryMaxMs when set', () => {
		const settings = { ...emulator.options, webhookRetryMs: 500 };
		expect([1, 2, 3, 4, 5].map((n) => retryDelay(settings, n))).toEqual([
			500, 1000, 2000, 4000, 8000,
		]);
		const capped = { ...settings, webhookRetryMaxMs: 3000 };
		expect([1, 2, 3, 4, 5].map((n) => retryDelay(capped, n))).toEqual([
			500, 1000, 2000, 3000, 3000,
		]);
	});

	it('gives up after webhookRetries retries, and a receiver that is down counts as failed', async () => {
		await control.setOptions({ webhookRetries: 2 });
		await receiver.close();
		await submitWithHook('nobody home');
		const [listed] = await until(
			() => control.webhooks(),
			(d) => d[0]?.outcome === 'failed',
		);
		expect(listed.attempts).toHaveLength(3);
		expect(listed.attempts.every((a) => a.status === 0 && !!a.error)).toBe(true);
		receiver = new Receiver();
		hookUrl = await receiver.start();
	});

	it('delivers a failed job as ERROR with fal details as payload', async () => {
		const detail = [{ loc: ['body', 'prompt'], msg: 'blocked', type: 'content_policy' }];
		emulator.behaviour.modelError = { status: 422, body: { detail } };
		await submitWithHook('refused');
		const [delivery] = await until(
			() => receiver.received,
			(r) => r.length === 1,
		);
		expect(delivery.body).toMatchObject({
			status: 'ERROR',
			error: 'Invalid status code: 422',
			payload: { detail },
		});
	});

	it('can leave the payload out with payload_error, as fal does when it cannot include it', async () => {
		await control.setWebhookPayloadError(true);
		await submitWithHook('too big');
		const [delivery] = await until(
			() => receiver.received,
			(r) => r.length === 1,
		);
		expect(delivery.body).toMatchObject({ status: 'OK', payload: null });
		expect(delivery.body.payload_error).toEqual(expect.any(String));
	});

	it('resends a delivery and forges spoilt ones a receiver must refuse', async () => {
		const requestId = await submitWithHook('forge');
		await until(
			() => control.webhooks(),
			(d) => d[0]?.outcome === 'delivered',
		);
		expect(await control.resendWebhook(requestId)).toMatchObject({ kind: 'resent', status: 200 });
		for (const kind of ['forged', 'unsigned', 'stale', 'wrong-key', 'changed-body'] as const) {
			expect(await control.forgeWebhook({ from: requestId, kind })).toMatchObject({
				kind,
				status: 200,
			});
		}
		const [first, resent, forged, unsigned, stale, wrongKey, changed] = receiver.received;
		expect(resent.raw.equals(first.raw)).toBe(true);
		expect(await signatureHolds(resent)).toBe(true);
		expect(await signatureHolds(forged)).toBe(false);
		expect(unsigned.headers['x-fal-webhook-signature']).toBeUndefined();
		expect(await signatureHolds(stale)).toBe(true);
		expect(Date.now() / 1000 - Number(stale.headers['x-fal-webhook-timestamp'])).toBeGreaterThan(
			300,
		);
		expect(await signatureHolds(wrongKey)).toBe(false);
		expect(JSON.parse(changed.raw.toString())).toEqual(first.body);
		expect(await signatureHolds(changed)).toBe(false);
		const [listed] = await control.webhooks();
		expect(listed.attempts.map((a) => a.kind)).toEqual([
			'signed',
			'resent',
			'forged',
			'unsigned',
			'stale',
			'wrong-key',
			'changed-body',
		]);
	});

	it('refuses a fal_webhook that is not a URL, and sends nothing for a cancelled job', async () => {
		const bad = await fetch(`${emulator.proxyUrl}`, {
			method: 'POST',
			headers: {
				'x-fal-target-url': `https://queue.fal.run/${T2I}?fal_webhook=nope`,
				authorization: `Key ${DEFAULT_KEY}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({ prompt: 'x' }),
		});
		expect(bad.status).toBe(422);
		await control.setOptions({ processingMs: 60_000 });
		const requestId = await submitWithHook('cancel me');
		await fal.queue.cancel(T2I, { requestId });
		await control.setOptions({ processingMs: 0 });
		await submitWithHook('after');
		await until(
			() => receiver.received,
			(r) => r.length === 1,
		);
		expect(receiver.received.map((r) => r.body.request_id)).not.toContain(requestId);
		expect(await control.webhooks()).toHaveLength(1);
	});
});
