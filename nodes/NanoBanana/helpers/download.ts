import { normaliseMimeType } from './imageType';

export interface DownloadLimits {
	signal?: AbortSignal;
	timeoutMs: number;
	maxBytes: number;
}

export interface FetchedFile {
	bytes: Buffer;
	/** What the server or the data URI declared; the bytes decide in the end. */
	declaredMimeType?: string;
}

/** A media download failed; `status` is set when the server answered. */
export class DownloadError extends Error {
	readonly status: number | undefined;

	constructor(message: string, status?: number) {
		super(message);
		this.name = 'DownloadError';
		this.status = status;
	}
}

const DATA_URI = /^data:([^;,]*)((?:;[^;,]*)*?),(.*)$/s;

function tooLarge(maxBytes: number): DownloadError {
	const limit =
		maxBytes >= 1024 * 1024
			? `${(maxBytes / 1024 / 1024).toFixed(1)} MB`
			: `${Math.round(maxBytes / 1024)} kB`;
	return new DownloadError(`the image is larger than the limit of ${limit}`);
}

export function decodeDataUri(uri: string, maxBytes: number): FetchedFile {
	const match = DATA_URI.exec(uri);
	if (!match) throw new DownloadError('fal returned a malformed data URI');
	const [, mimeType, params, payload] = match;
	// base64 needs 4 characters per 3 bytes: refuse oversized payloads before decoding.
	if (payload.length * 0.75 > maxBytes + 3) throw tooLarge(maxBytes);
	const bytes = /;base64/i.test(params)
		? Buffer.from(payload, 'base64')
		: Buffer.from(decodeURIComponent(payload), 'utf8');
	if (bytes.length > maxBytes) throw tooLarge(maxBytes);
	return { bytes, declaredMimeType: normaliseMimeType(mimeType) };
}

/**
 * Reads a body up to `maxBytes`. With a Content-Length the bytes go straight
 * into one buffer of that size, so an image is held once, not twice.
 */
async function readLimited(
	body: ReadableStream<Uint8Array>,
	maxBytes: number,
	length?: number,
): Promise<Buffer> {
	const target = length !== undefined ? Buffer.allocUnsafe(length) : undefined;
	const chunks: Buffer[] = [];
	let total = 0;
	const reader = body.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			if (total + value.byteLength > maxBytes) throw tooLarge(maxBytes);
			if (target) {
				if (total + value.byteLength > target.length) {
					throw new DownloadError(
						`the image download sent more than its announced ${target.length} bytes`,
					);
				}
				target.set(value, total);
			} else {
				chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
			}
			total += value.byteLength;
		}
	} catch (error) {
		await reader.cancel().catch(() => undefined);
		throw error;
	}
	if (target && total !== target.length) {
		throw new DownloadError(
			`the image download was cut short (${total} of ${target.length} bytes)`,
		);
	}
	return target ?? Buffer.concat(chunks, total);
}

/**
 * Fetches an image fal produced. Only http(s) and data: URLs are followed;
 * the size limit and the timeout bound every download, including a stalled one.
 */
export async function fetchImageFile(url: string, limits: DownloadLimits): Promise<FetchedFile> {
	if (/^data:/i.test(url)) return decodeDataUri(url, limits.maxBytes);
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new DownloadError(`fal returned an image URL that is not a URL: "${url.slice(0, 100)}"`);
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw new DownloadError(
			`fal returned an image URL with an unsupported scheme "${parsed.protocol}"`,
		);
	}

	const timeout = AbortSignal.timeout(limits.timeoutMs);
	const signal = limits.signal ? AbortSignal.any([limits.signal, timeout]) : timeout;
	try {
		const response = await fetch(parsed, { signal, redirect: 'follow' });
		if (!response.ok) {
			await response.body?.cancel().catch(() => undefined);
			throw new DownloadError(`the image URL answered HTTP ${response.status}`, response.status);
		}
		// With a content encoding, fetch decodes the body and the length no longer matches it.
		const encoded = !/^(identity)?$/i.test(response.headers.get('content-encoding') ?? '');
		const header = encoded ? null : response.headers.get('content-length');
		const length = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
		if (length !== undefined && length > limits.maxBytes) {
			await response.body?.cancel().catch(() => undefined);
			throw tooLarge(limits.maxBytes);
		}
		const bytes = response.body
			? await readLimited(response.body, limits.maxBytes, length)
			: Buffer.alloc(0);
		return { bytes, declaredMimeType: normaliseMimeType(response.headers.get('content-type')) };
	} catch (error) {
		if (error instanceof DownloadError) throw error;
		if (timeout.aborted && !limits.signal?.aborted) {
			throw new DownloadError(
				`the image download did not finish within ${Math.round(limits.timeoutMs / 1000)} s`,
			);
		}
		if (limits.signal?.aborted) throw limits.signal.reason;
		throw new DownloadError(
			`the image download failed: ${error instanceof Error ? error.message : String(error)}`,
		);
	}
}
