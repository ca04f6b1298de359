import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

/** Where fal publishes the keys its webhook deliveries are signed with. */
export const FAL_JWKS_URL = 'https://rest.alpha.fal.ai/.well-known/jwks.json';

export const WEBHOOK_HEADERS = {
	requestId: 'x-fal-webhook-request-id',
	userId: 'x-fal-webhook-user-id',
	timestamp: 'x-fal-webhook-timestamp',
	signature: 'x-fal-webhook-signature',
} as const;

export interface SignedParts {
	requestId: string;
	userId: string;
	/** Unix seconds. */
	timestamp: number;
	body: Buffer;
}

/** fal's signed message: request id, user id, timestamp and the body's hex SHA-256, one per line. */
export function webhookMessage(parts: SignedParts): Buffer {
	const digest = createHash('sha256').update(parts.body).digest('hex');
	return Buffer.from(
		[parts.requestId, parts.userId, String(parts.timestamp), digest].join('\n'),
		'utf8',
	);
}

/**
 * The emulator's own Ed25519 key, made at start: it signs deliveries as fal does and is served as
 * fal's JWKS. A second key, never published, signs deliveries a receiver must refuse.
 */
export class WebhookSigner {
	readonly kid = `emulator-${randomUUID().slice(0, 8)}`;
	private readonly key = generateKeyPairSync('ed25519');
	private readonly stranger = generateKeyPairSync('ed25519');

	jwks(): { keys: Array<Record<string, string>> } {
		const jwk = this.key.publicKey.export({ format: 'jwk' });
		return {
			keys: [
				{ kty: 'OKP', crv: 'Ed25519', x: String(jwk.x), kid: this.kid, use: 'sig', alg: 'EdDSA' },
			],
		};
	}

	/** The four headers fal sends; `unpublishedKey` signs with a key the JWKS does not hold. */
	headers(parts: SignedParts, unpublishedKey = false): Record<string, string> {
		const privateKey: KeyObject = (unpublishedKey ? this.stranger : this.key).privateKey;
		return {
			[WEBHOOK_HEADERS.requestId]: parts.requestId,
			[WEBHOOK_HEADERS.userId]: parts.userId,
			[WEBHOOK_HEADERS.timestamp]: String(parts.timestamp),
			[WEBHOOK_HEADERS.signature]: sign(null, webhookMessage(parts), privateKey).toString('hex'),
		};
	}
}

/** A stable fal-like user id for a key: deliveries name the account that submitted the job. */
export function userIdOf(key: string): string {
	return `user-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}
