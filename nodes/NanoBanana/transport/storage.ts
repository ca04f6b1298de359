import type { IExecuteFunctions } from 'n8n-workflow';

import { lifecycleHeaders, UPLOAD_LIFECYCLE_HEADER } from './controls';
import { checkStatus, falRequest, plainRequest } from './http';
import { isTransientFailure, withRetries } from './retry';
import type { FalConnection } from './types';

export const STORAGE_INITIATE_URL =
	'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3';
const INITIATE_TIMEOUT_MS = 30_000;
const PUT_TIMEOUT_MS = 300_000;

export interface UploadOptions {
	connection: FalConnection;
	bytes: Buffer;
	/** Any type fal accepts: images, and for other models PDFs, audio or video. */
	mimeType: string;
	fileName: string;
	signal?: AbortSignal;
	maxRetries: number;
	/** How long fal keeps the file; fal's default when absent. */
	lifetimeSeconds?: number;
}

interface InitiatedUpload {
	upload_url: string;
	file_url: string;
}

async function uploadOnce(ctx: IExecuteFunctions, options: UploadOptions): Promise<string> {
	const { connection, bytes, mimeType, fileName, signal } = options;
	const initiated = await falRequest<InitiatedUpload>(ctx, connection, {
		method: 'POST',
		url: STORAGE_INITIATE_URL,
		route: 'upload-initiate',
		body: { content_type: mimeType, file_name: fileName },
		headers: lifecycleHeaders(options.lifetimeSeconds, UPLOAD_LIFECYCLE_HEADER),
		signal,
		timeoutMs: INITIATE_TIMEOUT_MS,
	});
	const { upload_url: uploadUrl, file_url: fileUrl } = initiated.body ?? {};
	// The upload URL is pre-signed: the bytes go there directly, without the key or the proxy.
	const put = await plainRequest<unknown>(ctx, {
		method: 'PUT',
		url: uploadUrl,
		route: 'upload',
		body: bytes,
		headers: { 'content-type': mimeType },
		signal,
		timeoutMs: PUT_TIMEOUT_MS,
	});
	await checkStatus(ctx, { route: 'upload' }, put);
	return fileUrl;
}

/** Puts bytes into fal storage (initiate, then PUT) and returns the URL fal reads them from. */
export async function uploadToFalStorage(
	ctx: IExecuteFunctions,
	options: UploadOptions,
): Promise<string> {
	return await withRetries(async () => await uploadOnce(ctx, options), {
		maxRetries: options.maxRetries,
		shouldRetry: isTransientFailure,
		signal: options.signal,
	});
}
