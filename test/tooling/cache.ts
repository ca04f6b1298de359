import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * User-level folder holding the Node and n8n installs. It lives outside the clone so a fresh
 * checkout on the same machine reuses the multi-gigabyte installs instead of repeating them.
 */
export function cacheRoot(): string {
	const override = process.env.N8N_E2E_CACHE;
	if (override) return override;
	const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(base, 'n8n-nodes-fal-nano-banana');
}
