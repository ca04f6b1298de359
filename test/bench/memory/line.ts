import { join } from 'node:path';

import { cacheRoot } from '../../tooling/cache';
import { ensureLines, type InstalledLine } from '../../tooling/install';
import { selectedLines } from '../../tooling/lines';
import { readMarker } from '../../tooling/marker';

/**
 * The cached n8n 2.x install, or why there is none. Only looks: installing takes minutes and
 * is `npm run e2e:install`'s job.
 */
export async function installedN8n2(): Promise<InstalledLine | { missing: string }> {
	const line = selectedLines().find((candidate) => candidate.name === '2');
	if (!line) return { missing: 'N8N_E2E_LINES leaves out n8n 2.x' };
	const installed =
		readMarker(join(cacheRoot(), `node-${line.nodeVersion}`)) &&
		readMarker(join(cacheRoot(), `n8n-${line.n8nVersion}`));
	if (!installed) return { missing: `n8n ${line.n8nVersion} is not installed` };
	// The e2e scripts announce what they found on stdout; stdout is kept for the report.
	const write = process.stdout.write;
	process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
	try {
		const [found] = await ensureLines([line]);
		return found;
	} finally {
		process.stdout.write = write;
	}
}
