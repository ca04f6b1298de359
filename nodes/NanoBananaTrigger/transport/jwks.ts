import { falRequest } from '../../NanoBanana/transport/http';
import type { FalConnection, FalContext } from '../../NanoBanana/transport/types';
import type { FalJwk } from '../helpers/signature';

/** Where fal publishes its webhook signing keys. */
export const FAL_JWKS_URL = 'https://rest.alpha.fal.ai/.well-known/jwks.json';

/** fal rotates keys rarely: a day, as fal's docs suggest. */
export const JWKS_CACHE_MS = 24 * 60 * 60 * 1000;
/** A key the cache does not know may be new: fetched again, but not more often than this. */
const REFETCH_AFTER_MS = 5 * 60 * 1000;
const JWKS_TIMEOUT_MS = 5_000;

interface CachedKeys {
	keys: FalJwk[];
	fetchedAt: number;
}

/** Per way of reaching fal (direct, or a Proxy URL): every trigger of this n8n shares it. */
const cache = new Map<string, CachedKeys>();

function keysOf(body: unknown): FalJwk[] {
	const keys = (body as { keys?: unknown } | null)?.keys;
	return Array.isArray(keys)
		? keys.filter((key): key is FalJwk => !!key && typeof key === 'object')
		: [];
}

/**
 * fal's webhook keys, from the cache while it is fresh. `stale: true` after a signature no cached
 * key verifies: fetches again if the cache is more than a few minutes old (a rotated key).
 */
export async function falWebhookKeys(
	ctx: FalContext,
	connection: FalConnection,
	options: { stale?: boolean } = {},
): Promise<FalJwk[]> {
	const slot = connection.proxyUrl ?? '';
	const cached = cache.get(slot);
	const age = cached ? Date.now() - cached.fetchedAt : Infinity;
	const wanted = options.stale ? age > REFETCH_AFTER_MS : age > JWKS_CACHE_MS;
	if (cached && !wanted) return cached.keys;
	const answer = await falRequest<unknown>(ctx, connection, {
		method: 'GET',
		url: FAL_JWKS_URL,
		route: 'jwks',
		timeoutMs: JWKS_TIMEOUT_MS,
	});
	const keys = keysOf(answer.body);
	cache.set(slot, { keys, fetchedAt: Date.now() });
	return keys;
}
