import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Run by floor.ts in n8n's own Node: streams `count` images of `bytes` from a local server with
 * n8n's own axios (`responseType: 'stream'`, as n8n's request helper) into
 * `fs.promises.writeFile` (as n8n's filesystem binary store), `parallel` at a time, and prints
 * the process's RSS before and its peak RSS after as JSON. Neither n8n nor the node takes part.
 */
interface AxiosLike {
	(config: Record<string, unknown>): Promise<{ data: Readable }>;
}

function peakRssBytes(): number {
	const status = readFileSync('/proc/self/status', 'utf8');
	return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

async function main(): Promise<void> {
	const [axiosPath, countText, parallelText, bytesText] = process.argv.slice(2);
	const axios = require(axiosPath) as AxiosLike;
	const [count, parallel, bytes] = [countText, parallelText, bytesText].map(Number);
	const body = Buffer.alloc(bytes);
	for (let i = 0; i < bytes; i++) body[i] = (i * 7919) & 255;
	const server = createServer((_, res) => {
		res.writeHead(200, { 'content-type': 'image/png', 'content-length': bytes });
		res.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/image.png`;
	const dir = await mkdtemp(join(tmpdir(), 'nano-banana-floor-'));
	try {
		const before = process.memoryUsage().rss;
		let next = 0;
		const worker = async () => {
			while (next < count) {
				const file = join(dir, String(next++));
				const response = await axios({ url, responseType: 'stream' });
				await writeFile(file, response.data);
			}
		};
		await Promise.all(Array.from({ length: parallel }, worker));
		process.stdout.write(`${JSON.stringify({ beforeBytes: before, peakBytes: peakRssBytes() })}\n`);
	} finally {
		server.close();
		await rm(dir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
