import { execFile } from 'node:child_process';
import { join } from 'node:path';

import type { InstalledLine } from '../../tooling/install';

export interface FloorRun {
	images: number;
	parallel: number;
	/** Peak RSS over RSS before the downloads, in the same process. */
	riseBytes: number;
}

/**
 * What streaming the images costs on n8n's own Node and HTTP client, with neither n8n nor the
 * node involved: the floor any node downloading through n8n's request helper stands on.
 */
export async function measureFloor(
	installed: InstalledLine,
	images: number,
	parallel: number,
	imageBytes: number,
): Promise<FloorRun> {
	const axios = require.resolve('axios', { paths: [installed.n8n.dir] });
	const args = [
		'--require',
		require.resolve('ts-node/register/transpile-only'),
		join(__dirname, 'floorChild.ts'),
		axios,
		String(images),
		String(parallel),
		String(Math.round(imageBytes)),
	];
	const stdout = await new Promise<string>((resolve, reject) => {
		execFile(installed.node.bin, args, { encoding: 'utf8' }, (error, out, err) =>
			error ? reject(new Error(`the floor run failed: ${err || error.message}`)) : resolve(out),
		);
	});
	const { beforeBytes, peakBytes } = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
		beforeBytes: number;
		peakBytes: number;
	};
	return { images, parallel, riseBytes: peakBytes - beforeBytes };
}
