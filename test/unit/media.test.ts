import { get, createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';

import type { IBinaryData, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

import { downloadIntoBinary } from '../../nodes/NanoBanana/transport/media';

/**
 * Downloads against n8n 1.x's plain behaviour: the response body is Node's own
 * IncomingMessage, and the in-memory binary store reads a stream with 'data'
 * and 'end' listeners.
 */
const files = new Map<string, { bytes: Buffer; announce?: number; chunked?: boolean }>();
let server: Server;
let base = '';

beforeAll(async () => {
	server = createServer((req, res) => {
		const file = files.get(req.url ?? '');
		if (!file) {
			res.writeHead(404).end();
			return;
		}
		if (file.chunked) {
			// No Content-Length: chunked transfer, so only the bytes counted as they arrive tell the size.
			res.writeHead(200, { 'content-type': 'image/png' });
			for (let at = 0; at < file.bytes.length; at += 16 * 1024) {
				res.write(file.bytes.subarray(at, at + 16 * 1024));
			}
			res.end();
			return;
		}
		res.writeHead(200, {
			'content-type': 'image/png',
			'content-length': String(file.announce ?? file.bytes.length),
		});
		if (file.announce) {
			res.write(file.bytes);
			res.destroy();
		} else {
			res.end(file.bytes);
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise((resolve) => server.close(resolve)));

function streamToBuffer(stream: Readable): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		stream.on('end', () => resolve(Buffer.concat(chunks)));
		stream.once('error', reject);
	});
}

const ctx = {
	getNode: () => ({ name: 'Nano Banana' }) as INode,
	helpers: {
		httpRequest: async (options: IHttpRequestOptions) =>
			await new Promise((resolve, reject) => {
				get(
					options.url,
					{ signal: options.abortSignal as AbortSignal | undefined },
					(res: IncomingMessage) =>
						resolve({ body: res, headers: res.headers, statusCode: res.statusCode }),
				).on('error', reject);
			}),
		prepareBinaryData: async (data: Buffer | Readable, fileName?: string, mimeType?: string) => {
			const bytes = Buffer.isBuffer(data) ? data : await streamToBuffer(data);
			return { data: bytes.toString('base64'), fileName, mimeType } as IBinaryData;
		},
	},
} as unknown as IExecuteFunctions;

const limits = { timeoutMs: 5000, maxBytes: 4 * 1024 * 1024 };
const naming = () => ({ fileName: 'x.png', mimeType: 'image/png' });
const pattern = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => i % 251));

describe('downloads into the binary store', () => {
	it.each([
		['a small file that arrives in one chunk', 2341],
		['a file of many chunks', 1024 * 1024 + 7],
		['a file shorter than the sniffed head', 5],
	])('stores %s byte for byte', async (_, size) => {
		const bytes = pattern(size);
		files.set(`/f${size}`, { bytes });
		const stored = await downloadIntoBinary(ctx, `${base}/f${size}`, limits, naming);
		expect(stored.size).toBe(size);
		expect(Buffer.from(stored.binary.data, 'base64').equals(bytes)).toBe(true);
	});

	it('stops at the size limit', async () => {
		files.set('/big', { bytes: pattern(300_000) });
		await expect(
			downloadIntoBinary(ctx, `${base}/big`, { ...limits, maxBytes: 100_000 }, naming),
		).rejects.toThrow(/larger than the limit/);
	});

	it('stops at the size limit when the body comes chunked, with no Content-Length', async () => {
		files.set('/big-chunked', { bytes: pattern(300_000), chunked: true });
		await expect(
			downloadIntoBinary(ctx, `${base}/big-chunked`, { ...limits, maxBytes: 100_000 }, naming),
		).rejects.toThrow(/^the image is larger than the limit of 98 kB$/);
	});

	it('stores a chunked body within the limit byte for byte', async () => {
		const bytes = pattern(90_000);
		files.set('/small-chunked', { bytes, chunked: true });
		const stored = await downloadIntoBinary(
			ctx,
			`${base}/small-chunked`,
			{ ...limits, maxBytes: 100_000 },
			naming,
		);
		expect(stored.size).toBe(90_000);
		expect(Buffer.from(stored.binary.data, 'base64').equals(bytes)).toBe(true);
	});

	it('notices a body cut short of its Content-Length', async () => {
		files.set('/cut', { bytes: pattern(50_000), announce: 80_000 });
		await expect(downloadIntoBinary(ctx, `${base}/cut`, limits, naming)).rejects.toThrow(
			/download failed|cut short/,
		);
	});
});
