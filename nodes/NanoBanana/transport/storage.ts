import { createClient, type FalConnection } from './client';
import { isTransientFailure, withRetries } from './retry';

export interface UploadOptions {
	connection: FalConnection;
	bytes: Buffer;
	mimeType: string;
	fileName: string;
	signal?: AbortSignal;
	maxRetries: number;
}

/**
 * Puts bytes into fal storage and returns the URL fal reads them from. The
 * client uploads only Blob/File values, so the Buffer is wrapped in a File
 * (which also carries the file name fal stores).
 */
export async function uploadToFalStorage(options: UploadOptions): Promise<string> {
	const client = createClient(options.connection, options.signal);
	// A view, not a copy; a Buffer's memory is never a SharedArrayBuffer.
	const view = new Uint8Array(
		options.bytes.buffer as ArrayBuffer,
		options.bytes.byteOffset,
		options.bytes.byteLength,
	);
	const file = new File([view], options.fileName, { type: options.mimeType });
	return await withRetries(() => client.storage.upload(file), {
		maxRetries: options.maxRetries,
		shouldRetry: isTransientFailure,
		signal: options.signal,
	});
}
