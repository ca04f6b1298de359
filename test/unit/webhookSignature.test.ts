import { generateKeyPairSync, sign } from 'node:crypto';

import {
	checkFalSignature,
	MAX_SKEW_SECONDS,
	signedMessage,
	SIGNATURE_HEADERS,
} from '../../nodes/NanoBananaTrigger/helpers/signature';
import { WebhookSigner } from '../emulator';

const signer = new WebhookSigner();
const keys = signer.jwks().keys;
const body = Buffer.from(JSON.stringify({ request_id: 'req-1', status: 'OK', payload: null }));
const now = 1_800_000_000;

function signed(overrides: { timestamp?: number; body?: Buffer } = {}): Record<string, string> {
	return signer.headers({
		requestId: 'req-1',
		userId: 'user-1',
		timestamp: overrides.timestamp ?? now,
		body: overrides.body ?? body,
	});
}

describe("fal webhook signature (fal's message layout)", () => {
	it('accepts a delivery signed over request id, user id, timestamp and the body SHA-256', () => {
		expect(checkFalSignature({ headers: signed(), rawBody: body, keys, nowSeconds: now })).toEqual({
			valid: true,
			requestId: 'req-1',
			userId: 'user-1',
			timestamp: now,
		});
	});

	it('builds the message as the four lines fal documents', () => {
		const message = signedMessage('r', 'u', '12', Buffer.from('{}')).toString();
		expect(message).toBe(
			'r\nu\n12\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
		);
	});

	it('refuses a signature by a key that is not in the JWKS', () => {
		const headers = signer.headers(
			{ requestId: 'req-1', userId: 'user-1', timestamp: now, body },
			true,
		);
		const check = checkFalSignature({ headers, rawBody: body, keys, nowSeconds: now });
		expect(check).toMatchObject({ valid: false, keyMismatch: true });
	});

	it('refuses a body changed after signing', () => {
		const changed = Buffer.from(body.toString().replace('OK', 'ERROR'));
		const check = checkFalSignature({ headers: signed(), rawBody: changed, keys, nowSeconds: now });
		expect(check).toMatchObject({ valid: false, reason: expect.stringContaining('verifies') });
	});

	it('refuses a timestamp more than 5 minutes off, either way, and accepts one just inside', () => {
		for (const offset of [MAX_SKEW_SECONDS + 1, -(MAX_SKEW_SECONDS + 1)]) {
			const check = checkFalSignature({
				headers: signed({ timestamp: now - offset }),
				rawBody: body,
				keys,
				nowSeconds: now,
			});
			expect(check).toMatchObject({ valid: false, reason: expect.stringContaining('timestamp') });
		}
		const inside = signed({ timestamp: now - MAX_SKEW_SECONDS + 1 });
		expect(checkFalSignature({ headers: inside, rawBody: body, keys, nowSeconds: now }).valid).toBe(
			true,
		);
	});

	it('refuses a delivery with any signature header missing, naming it', () => {
		for (const name of Object.values(SIGNATURE_HEADERS)) {
			const headers: Record<string, string | undefined> = { ...signed(), [name]: undefined };
			const check = checkFalSignature({ headers, rawBody: body, keys, nowSeconds: now });
			expect(check).toEqual({ valid: false, reason: `missing header ${name}` });
		}
	});

	it('refuses a signature that is not hex, and ignores keys that are not Ed25519', () => {
		const notHex = { ...signed(), [SIGNATURE_HEADERS.signature]: 'zz' };
		expect(checkFalSignature({ headers: notHex, rawBody: body, keys, nowSeconds: now }).valid).toBe(
			false,
		);
		const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
			format: 'jwk',
		});
		const check = checkFalSignature({
			headers: signed(),
			rawBody: body,
			keys: [rsa as Record<string, string>],
			nowSeconds: now,
		});
		expect(check.valid).toBe(false);
	});

	it('accepts a key of its own making: verification is plain Ed25519', () => {
		const pair = generateKeyPairSync('ed25519');
		const jwk = pair.publicKey.export({ format: 'jwk' }) as Record<string, string>;
		const message = signedMessage('req-1', 'user-1', String(now), body);
		const headers = {
			[SIGNATURE_HEADERS.requestId]: 'req-1',
			[SIGNATURE_HEADERS.userId]: 'user-1',
			[SIGNATURE_HEADERS.timestamp]: String(now),
			[SIGNATURE_HEADERS.signature]: sign(null, message, pair.privateKey).toString('hex'),
		};
		expect(checkFalSignature({ headers, rawBody: body, keys: [jwk], nowSeconds: now }).valid).toBe(
			true,
		);
	});
});
