import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { downloadError, falFailureOf } from './errors';
import { headerOf, isBodyStream, plainRequest } from './http';
import { anySignal } from './signals';
import type { FalContext } from './types';

/** Enough of a file's start to recognise its type. */
const HEAD_BYTES = 16;

export interface DownloadLimits {
	/** The execution's stop. */
	signal?: AbortSignal;
	/** The download's own limit, started when it starts. */
	timeoutMs: number;
	maxBytes: number;
}

/** What is known about a file before it is stored. */
export interface FileHead {
	/** Its first bytes (all of them for a small file). */
	head: Buffer;
	/** What the server or the data URI declared; the bytes decide in the end. */
	declaredMimeType?: string;
}

export interface StoredFile {
	binary: IBinaryData;
	size: number;
}

/** Names and types a file from its first bytes; called before it is stored. */
export type FileNaming = (head: FileHead) => { fileName: string; mimeType: string };

function normaliseMimeType(value: string | null | undefined): string | undefined {
	return value?.split(';')[0].trim().toLowerCase() || undefined;
}

const DATA_URI = /^data:([^;,]*)((?:;[^;,]*)*?),(.*)$/s;

function tooLargeMessage(maxBytes: number): string {
	const limit =
		maxBytes >= 1024 * 1024
			? `${(maxBytes / 1024 / 1024).toFixed(1)} MB`
			: `${Math.round(maxBytes / 1024)} kB`;
	return `the image is larger than the limit of ${limit}`;
}

export function decodeDataUri(
	ctx: FalContext,
	uri: string,
	maxBytes: number,
): { bytes: Buffer; declaredMimeType?: string } {
	const match = DATA_URI.exec(uri);
	if (!match) throw downloadError(ctx.getNode(), 'fal returned a malformed data URI');
	const [, mimeType, params, payload] = match;
	// base64 needs 4 characters per 3 bytes: refuse oversized payloads before decoding.
	if (payload.length * 0.75 > maxBytes + 3) {
		throw downloadError(ctx.getNode(), tooLargeMessage(maxBytes));
	}
	const bytes = /;base64/i.test(params)
		? Buffer.from(payload, 'base64')
		: Buffer.from(decodeURIComponent(payload), 'utf8');
	if (bytes.length > maxBytes) throw downloadError(ctx.getNode(), tooLargeMessage(maxBytes));
	return { bytes, declaredMimeType: normaliseMimeType(mimeType) };
}

/** A response body as n8n's request helper returns it: a Node stream. */
type Body = NodeJS.ReadableStream & {
	destroy(error?: Error): void;
	/** Node's stream operator (Node 17.4 and later): a new stream of mapped chunks. */
	map(fn: (chunk: Buffer) => Buffer): NodeJS.ReadableStream;
};

/**
 * Reads the first bytes of a body and puts them back, so the stream can be
 * handed on whole. Resolves with the whole file instead when it ended: a
 * small file often arrives in one chunk, and its end is then signalled
 * before the bytes could be put back.
 */
async function peek(body: Body): Promise<{ head: Buffer; complete: boolean }> {
	const chunks: Buffer[] = [];
	let size = 0;
	let ended = false;
	const onEnd = () => (ended = true);
	body.on('end', onEnd);
	try {
		await new Promise<void>((resolve, reject) => {
			const done = (error?: unknown) => {
				body.removeListener('readable', onReadable);
				body.removeListener('end', resolveAtEnd);
				body.removeListener('error', done);
				if (error) reject(error);
				else resolve();
			};
			const onReadable = () => {
				for (let chunk = body.read(); chunk !== null; chunk = body.read()) {
					const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
					chunks.push(bytes);
					size += bytes.length;
					if (size >= HEAD_BYTES) return done();
				}
			};
			const resolveAtEnd = () => done();
			body.on('readable', onReadable);
			body.on('end', resolveAtEnd);
			body.on('error', done);
		});
	} finally {
		body.removeListener('end', onEnd);
	}
	const head = Buffer.concat(chunks, size);
	if (!ended) {
		body.unshift(head);
		body.pause();
	}
	return { head, complete: ended };
}

/**
 * Downloads a file fal produced straight into n8n's binary store, streamed
 * where n8n accepts a stream. Only http(s) and data: URLs are followed; the
 * size limit and the download's own timeout bound every download, a stalled one too.
 */
export async function downloadIntoBinary(
	ctx: FalContext,
	url: string,
	limits: DownloadLimits,
	naming: FileNaming,
): Promise<StoredFile> {
	const node = ctx.getNode();
	if (/^data:/i.test(url)) {
		const file = decodeDataUri(ctx, url, limits.maxBytes);
		const { fileName, mimeType } = naming({
			head: file.bytes,
			declaredMimeType: file.declaredMimeType,
		});
		const binary = await ctx.helpers.prepareBinaryData(file.bytes, fileName, mimeType);
		return { binary, size: file.bytes.length };
	}
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw downloadError(
			node,
			`fal returned an image URL that is not a URL: "${url.slice(0, 100)}"`,
		);
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw downloadError(
			node,
			`fal returned an image URL with an unsupported scheme "${parsed.protocol}"`,
		);
	}

	const timeout = AbortSignal.timeout(limits.timeoutMs);
	const signal = anySignal(limits.signal, timeout);
	const timedOut = () =>
		downloadError(
			node,
			`the image download did not finish within ${Math.round(limits.timeoutMs / 1000)} s`,
		);
	const failed = (error: unknown): Error => {
		if (limits.signal?.aborted) return limits.signal.reason as Error;
		if (falFailureOf(error)?.kind === 'download') return error as Error;
		if (timeout.aborted) return timedOut();
		return downloadError(
			node,
			`the image download failed: ${error instanceof Error ? error.message : String(error)}`,
		);
	};

	const answer = await plainRequest<unknown>(ctx, {
		method: 'GET',
		url: parsed.href,
		route: 'download',
		signal,
		timeoutMs: limits.timeoutMs,
		stream: true,
	}).catch((error: unknown) => {
		throw failed(error);
	});
	const body = answer.body;
	if (!isBodyStream(body)) throw downloadError(node, 'the image URL answered without a body');
	if (answer.status >= 400) {
		body.destroy();
		throw downloadError(node, `the image URL answered HTTP ${answer.status}`, answer.status);
	}
	// With a content encoding the body arrives decoded and the length no longer matches it.
	const encoded = !/^(identity)?$/i.test(headerOf(answer.headers, 'content-encoding') ?? '');
	const header = encoded ? undefined : headerOf(answer.headers, 'content-length');
	const length = header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
	if (length !== undefined && length > limits.maxBytes) {
		body.destroy();
		throw downloadError(node, tooLargeMessage(limits.maxBytes));
	}

	const stream = body as unknown as Body;
	const declaredMimeType = normaliseMimeType(headerOf(answer.headers, 'content-type'));
	let size = 0;
	let overLimit = false;
	try {
		const { head, complete } = await peek(stream);
		const { fileName, mimeType } = naming({ head, declaredMimeType });
		if (complete) {
			size = head.length;
			if (size > limits.maxBytes) throw downloadError(node, tooLargeMessage(limits.maxBytes));
			const binary = await ctx.helpers.prepareBinaryData(head, fileName, mimeType);
			return checkedLength({ binary, size }, length, node);
		}
		// A stream of the same chunks that counts them as n8n reads, and stops at the limit.
		const counted = stream.map((chunk) => {
			size += chunk.length;
			if (size > limits.maxBytes) {
				overLimit = true;
				throw downloadError(node, tooLargeMessage(limits.maxBytes));
			}
			return chunk;
		});
		const binary = await ctx.helpers.prepareBinaryData(
			counted as unknown as Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0],
			fileName,
			mimeType,
		);
		return checkedLength({ binary, size }, length, node);
	} catch (error) {
		stream.destroy();
		if (overLimit) throw downloadError(node, tooLargeMessage(limits.maxBytes));
		throw failed(error);
	}
}

function checkedLength(
	file: StoredFile,
	length: number | undefined,
	node: ReturnType<IExecuteFunctions['getNode']>,
): StoredFile {
	if (length !== undefined && file.size !== length) {
		throw downloadError(node, `the image download was cut short (${file.size} of ${length} bytes)`);
	}
	return file;
}
