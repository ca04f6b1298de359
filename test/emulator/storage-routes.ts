import { randomBytes } from 'node:crypto';

import type { RouteContext } from './context';
import { isRecord } from './http';
import { imageDimensions } from './images/dimensions';
import { expiryOf, readUploadLifetime } from './request-headers';
import type { StoredFile } from './types';

/** A file kept with a lifecycle preference is gone once its time on the emulator's clock is up. */
export function isExpired(file: StoredFile, now: number): boolean {
	return file.expiresAt !== undefined && now >= file.expiresAt;
}

function safeFileName(name: string): string {
	const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
	return cleaned || 'file';
}

/** `POST rest.fal.ai/storage/upload/initiate`: free, needs a valid key (the credential test). */
export function initiateUpload(rc: RouteContext): void {
	const { ex, state } = rc;
	const body = isRecord(rc.body) ? rc.body : {};
	const contentType =
		typeof body.content_type === 'string' && body.content_type
			? body.content_type
			: 'application/octet-stream';
	const fileName = safeFileName(typeof body.file_name === 'string' ? body.file_name : '');
	const lifetime = readUploadLifetime(ex.record.headers);
	if ('error' in lifetime) {
		ex.json(400, { detail: lifetime.error });
		return;
	}
	const token = randomBytes(12).toString('hex');
	// Looks like fal's CDN; the emulator resolves these itself when a job reads them.
	const fileUrl = `https://v3.fal.media/files/${randomBytes(6).toString('hex')}/${fileName}`;
	state.pendingUploads.set(token, {
		fileUrl,
		contentType,
		fileName,
		...(lifetime.value !== undefined
			? { lifetimeSeconds: lifetime.value.seconds, lifetimeHeader: lifetime.value.header }
			: {}),
	});
	ex.json(200, { upload_url: `${state.url}/upload/${token}`, file_url: fileUrl });
}

/** `PUT <upload_url>`: raw bytes, no auth, not proxied (like a signed storage URL). */
export function receiveUpload(rc: RouteContext, token: string): void {
	const { ex, state } = rc;
	const pending = state.pendingUploads.get(token);
	if (!pending) {
		ex.json(404, { detail: 'Upload not found' });
		return;
	}
	const size = imageDimensions(rc.raw);
	state.uploads.set(pending.fileUrl, {
		bytes: rc.raw,
		contentType: pending.contentType,
		fileName: pending.fileName,
		...(size ? { width: size.width, height: size.height } : {}),
		...(pending.lifetimeSeconds !== undefined
			? {
					lifetimeSeconds: pending.lifetimeSeconds,
					lifetimeHeader: pending.lifetimeHeader,
					expiresAt: expiryOf(state.clock.now(), pending.lifetimeSeconds),
				}
			: {}),
	});
	state.log(`upload stored at ${pending.fileUrl} (${rc.raw.length} bytes)`);
	ex.send(200, {}, Buffer.alloc(0));
}

/** Produced images (and uploads asked for by their file_url), served without auth like a CDN. */
export function serveMedia(rc: RouteContext, fileUrl: string): void {
	const { ex, state } = rc;
	const file = state.media.get(fileUrl) ?? state.uploads.get(fileUrl);
	if (!file || isExpired(file, state.clock.now())) {
		ex.json(404, { detail: 'Not Found' });
		return;
	}
	ex.send(
		200,
		{ 'content-type': file.contentType, 'cache-control': 'public, max-age=3600' },
		file.bytes,
	);
}
