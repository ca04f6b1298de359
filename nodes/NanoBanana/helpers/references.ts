import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { falAbortError } from '../transport/errors';
import { anySignal, untilAborted } from '../transport/signals';
import { uploadToFalStorage } from '../transport/storage';
import type { FalConnection } from '../transport/types';
import { sha256 } from './hash';
import type { ImageJob } from './interfaces';
import {
	extensionForMimeType,
	normaliseMimeType,
	sniffImageType,
	withExtension,
} from './imageType';

/** MIME types that say nothing about the content, so the bytes must decide. */
const GENERIC_TYPES = new Set([
	'',
	'application/octet-stream',
	'binary/octet-stream',
	'application/x-binary',
]);

export function isImageBinary(binary: IBinaryData): boolean {
	return (normaliseMimeType(binary.mimeType) ?? '').startsWith('image/');
}

/** By MIME type, or by the first bytes where the MIME type is generic. */
export async function looksLikeImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	binary: IBinaryData,
): Promise<boolean> {
	if (isImageBinary(binary)) return true;
	if (!GENERIC_TYPES.has(normaliseMimeType(binary.mimeType) ?? '')) return false;
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	return sniffImageType(bytes) !== undefined;
}

/** A shared upload's own limit: it outlives any one item's Timeout, but not forever. */
export const SHARED_UPLOAD_TIMEOUT_MS = 600_000;

/** An upload fal deletes within this part of its lifetime is not handed to another item. */
export function uploadReuseMarginMs(lifetimeSeconds: number): number {
	return Math.min((lifetimeSeconds * 1000) / 2, 5 * 60_000);
}

/**
 * Uploads of one execution, keyed by content hash: items often share a logo
 * or a product photo, and each distinct image should cross the wire once.
 * An upload serves every item that carries the image, so no one item's
 * Timeout ends it: only the execution's stop and its own limit do. Each item
 * waits for it under its own deadline. With "Keep Files on fal For", an upload
 * is handed to another item only while enough of its lifetime remains for that
 * item's job (a margin); after that the bytes are uploaded again.
 */
export class UploadCache {
	private readonly uploads = new Map<string, { url: Promise<string>; startedAt: number }>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly connection: FalConnection,
		private readonly maxRetries: number,
		private readonly limitMs = SHARED_UPLOAD_TIMEOUT_MS,
		private readonly now: () => number = Date.now,
	) {}

	upload(
		bytes: Buffer,
		mimeType: string,
		fileName: string,
		signal?: AbortSignal,
		lifetimeSeconds?: number,
	): Promise<string> {
		// The same image kept for another time is another file at fal.
		const key = `${sha256(bytes)}:${lifetimeSeconds ?? ''}`;
		let entry = this.uploads.get(key);
		if (entry && lifetimeSeconds !== undefined) {
			// Counted from the upload's start, which is earlier than fal's own clock starts.
			const left = entry.startedAt + lifetimeSeconds * 1000 - this.now();
			if (left <= uploadReuseMarginMs(lifetimeSeconds)) entry = undefined;
		}
		if (!entry) {
			const created = {
				url: this.start(bytes, mimeType, fileName, lifetimeSeconds),
				startedAt: this.now(),
			};
			// A failed upload must not poison later items that carry the same image.
			created.url.catch(() => {
				if (this.uploads.get(key) === created) this.uploads.delete(key);
			});
			this.uploads.set(key, created);
			entry = created;
		}
		return untilAborted(entry.url, signal);
	}

	private async start(
		bytes: Buffer,
		mimeType: string,
		fileName: string,
		lifetimeSeconds?: number,
	): Promise<string> {
		const limit = AbortSignal.timeout(this.limitMs);
		const stop = this.ctx.getExecutionCancelSignal?.();
		return await uploadToFalStorage(this.ctx, {
			connection: this.connection,
			bytes,
			mimeType,
			fileName,
			signal: anySignal(stop, limit),
			maxRetries: this.maxRetries,
			lifetimeSeconds,
		}).catch((error: unknown) => {
			if (limit.aborted && !stop?.aborted) {
				throw falAbortError(
					this.ctx.getNode(),
					'timeout',
					`The upload of "${fileName}" to fal storage did not finish within ${Math.round(this.limitMs / 1000)} s; nothing was submitted`,
				);
			}
			throw error;
		});
	}
}

/** fal `image_urls` for an edit job, in the user's order: binaries uploaded, URLs as given. */
async function resolveImageUrls(
	ctx: IExecuteFunctions,
	job: ImageJob,
	uploads: UploadCache,
	signal?: AbortSignal,
): Promise<string[]> {
	const references = job.references ?? [];
	return await Promise.all(
		references.map(async (reference, position) => {
			if (reference.kind === 'url') return reference.url;
			const bytes = await ctx.helpers.getBinaryDataBuffer(job.itemIndex, reference.property);
			const sniffed = sniffImageType(bytes);
			const mimeType =
				sniffed?.mimeType ??
				normaliseMimeType(reference.binary.mimeType) ??
				'application/octet-stream';
			const fileName = withExtension(
				reference.binary.fileName || `image-${position}`,
				sniffed?.extension ?? extensionForMimeType(mimeType),
			);
			return await uploads.upload(
				bytes,
				mimeType,
				fileName,
				signal,
				job.controls.fileLifetimeSeconds,
			);
		}),
	);
}

/** Video, audio and PDF inputs: binaries uploaded to fal storage, URLs as given. */
async function resolveMediaUrls(
	ctx: IExecuteFunctions,
	job: ImageJob,
	uploads: UploadCache,
	signal?: AbortSignal,
): Promise<Record<string, string>> {
	const entries = await Promise.all(
		(job.media ?? []).map(async (media): Promise<[string, string]> => {
			if (media.kind === 'url') return [media.falField, media.url];
			const bytes = await ctx.helpers.getBinaryDataBuffer(job.itemIndex, media.property);
			const mimeType = normaliseMimeType(media.binary.mimeType) ?? 'application/octet-stream';
			const fileName = media.binary.fileName || `${media.falField.replace(/_url$/, '')}-input`;
			const url = await uploads.upload(
				bytes,
				mimeType,
				fileName,
				signal,
				job.controls.fileLifetimeSeconds,
			);
			return [media.falField, url];
		}),
	);
	return Object.fromEntries(entries);
}

/** The file inputs of a job under fal's names; `image_urls` only when there are images. */
export async function resolveInputFiles(
	ctx: IExecuteFunctions,
	job: ImageJob,
	uploads: UploadCache,
	signal?: AbortSignal,
): Promise<Record<string, string | string[]>> {
	const [imageUrls, media] = await Promise.all([
		job.references?.length ? resolveImageUrls(ctx, job, uploads, signal) : undefined,
		resolveMediaUrls(ctx, job, uploads, signal),
	]);
	return { ...(imageUrls ? { image_urls: imageUrls } : {}), ...media };
}
