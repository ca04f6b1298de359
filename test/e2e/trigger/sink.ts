import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the trigger workflow's last node POSTs: one image per request id and execution. */
export interface Sunk {
	requestId: string;
	/** The item's `model`, empty when it named none. */
	model: string;
	bytes: Buffer;
}

/** A local HTTP endpoint the trigger workflow sends each image it received to. */
export class Sink {
	readonly received: Sunk[] = [];
	private readonly server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://sink');
			this.received.push({
				requestId: url.searchParams.get('requestId') ?? '',
				model: url.searchParams.get('model') ?? '',
				bytes: Buffer.concat(chunks),
			});
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});

	async start(): Promise<string> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sink`;
	}

	count(requestId: string): number {
		return this.received.filter((r) => r.requestId === requestId).length;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
