import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * fal's webhook signature: Ed25519 over four lines (request id, user id, Unix timestamp, hex
 * SHA-256 of the raw body), hex in `x-fal-webhook-signature`, by one of the keys of fal's JWKS.
 */

export const SIGNATURE_HEADERS = {
	requestId: 'x-fal-webhook-request-id',
	userId: 'x-fal-webhook-user-id',
	timestamp: 'x-fal-webhook-timestamp',
	signature: 'x-fal-webhook-signature',
} as const;

/** A delivery signed more than this far from now is refused: a replay, or a clock that is off. */
export const MAX_SKEW_SECONDS = 300;

/** One key of fal's JWKS; only Ed25519 keys (`kty: OKP`, `crv: Ed25519`) are used. */
export interface FalJwk {
	kty?: string;
	crv?: string;
	x?: string;
	kid?: string;
}

export type SignatureCheck =
	| { valid: true; requestId: string; userId: string; timestamp: number }
	| { valid: false; reason: string; keyMismatch?: boolean };

export type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
	const value = headers[name];
	const first = Array.isArray(value) ? value[0] : value;
	return first?.trim() || undefined;
}

export function signedMessage(
	requestId: string,
	userId: string,
	timestamp: string,
	rawBody: Buffer,
): Buffer {
	const digest = createHash('sha256').update(rawBody).digest('hex');
	return Buffer.from([requestId, userId, timestamp, digest].join('\n'), 'utf8');
}

function verifiesWith(jwk: FalJwk, message: Buffer, signature: Buffer): boolean {
	if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return false;
	try {
		const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
		return verify(null, message, key, signature);
	} catch {
		return false;
	}
}

/** Checks one delivery against fal's keys; says why when it does not hold. */
export function checkFalSignature(args: {
	headers: HeaderBag;
	rawBody: Buffer;
	keys: FalJwk[];
	nowSeconds: number;
}): SignatureCheck {
	const values = {
		requestId: header(args.headers, SIGNATURE_HEADERS.requestId),
		userId: header(args.headers, SIGNATURE_HEADERS.userId),
		timestamp: header(args.headers, SIGNATURE_HEADERS.timestamp),
		signature: header(args.headers, SIGNATURE_HEADERS.signature),
	};
	const missing = (Object.keys(values) as Array<keyof typeof values>)
		.filter((name) => values[name] === undefined)
		.map((name) => SIGNATURE_HEADERS[name]);
	if (missing.length > 0) return { valid: false, reason: `missing header ${missing.join(', ')}` };
	const { requestId, userId, timestamp, signature } = values as Record<keyof typeof values, string>;
	if (!/^\d+$/.test(timestamp)) return { valid: false, reason: 'the timestamp is not a number' };
	const skew = Math.abs(args.nowSeconds - Number(timestamp));
	if (skew > MAX_SKEW_SECONDS) {
		return {
			valid: false,
			reason: `the timestamp is ${Math.round(skew)} s away from now (more than ${MAX_SKEW_SECONDS} s)`,
		};
	}
	if (!/^(?:[0-9a-f]{2})+$/i.test(signature)) {
		return { valid: false, reason: 'the signature is not hex' };
	}
	const message = signedMessage(requestId, userId, timestamp, args.rawBody);
	const bytes = Buffer.from(signature, 'hex');
	if (!args.keys.some((jwk) => verifiesWith(jwk, message, bytes))) {
		return {
			valid: false,
			reason: "no key of fal's JWKS verifies the signature",
			keyMismatch: true,
		};
	}
	return { valid: true, requestId, userId, timestamp: Number(timestamp) };
}
