import { createFalClient, type FalClient } from '@fal-ai/client';

import type { FalRoute } from './errors';
import { createFalFetch } from './fetch';

/** What a fal credential holds, read once per execution. */
export interface FalConnection {
	apiKey: string;
	/** fal server-proxy endpoint; every request then carries its real target in `x-fal-target-url`. */
	proxyUrl?: string;
}

/**
 * A client per job, never the global `fal.config()`: one n8n process runs
 * workflows with different credentials at once, and a shared client would mix keys.
 */
export function createClient(
	connection: FalConnection,
	jobSignal?: AbortSignal,
	onResponse?: (route: FalRoute, response: Response) => void,
): FalClient {
	return createFalClient({
		credentials: connection.apiKey,
		proxyUrl: connection.proxyUrl ? { url: connection.proxyUrl, when: 'always' } : undefined,
		fetch: createFalFetch(jobSignal, onResponse),
		suppressLocalCredentialsWarning: true,
	});
}
