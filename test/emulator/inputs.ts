import type { EmulatorState } from './state';
import { isExpired } from './storage-routes';
import type { StoredFile } from './types';

export interface ResolvedImage {
	url: string;
	bytes: Buffer | null;
}

export interface ResolvedInputs {
	images: ResolvedImage[];
	/** Indexes of URLs that point at the emulator's own storage but name no stored file. */
	missing: number[];
}

const EXTERNAL_FETCH_MS = 2000;

/** Bytes of a data: URI (base64 or percent-encoded), or null if it is malformed. */
export function decodeDataUri(uri: string): Buffer | null {
	const match = /^data:([^,]*),(.*)$/s.exec(uri);
	if (!match) return null;
	const [, meta, data] = match;
	if (meta.split(';').includes('base64')) return Buffer.from(data, 'base64');
	try {
		return Buffer.from(decodeURIComponent(data), 'latin1');
	} catch {
		return null;
	}
}

function stripQuery(url: string): string {
	const cut = url.search(/[?#]/);
	return cut === -1 ? url : url.slice(0, cut);
}

/** A file the emulator holds for this URL: an upload (fal.media) or produced media (own URL). */
export function ownFile(state: EmulatorState, url: string): { own: boolean; file?: StoredFile } {
	const found = findOwnFile(state, url);
	// An expired file is gone, as on fal's CDN.
	if (found.file && isExpired(found.file, state.clock.now())) return { own: found.own };
	return found;
}

function findOwnFile(state: EmulatorState, url: string): { own: boolean; file?: StoredFile } {
	const bare = stripQuery(url);
	if (bare.startsWith(`${state.url}/`)) return { own: true, file: state.media.get(bare) };
	let host: string;
	try {
		host = new URL(bare).hostname;
	} catch {
		return { own: false };
	}
	if (host === 'fal.media' || host.endsWith('.fal.media')) {
		return { own: true, file: state.uploads.get(bare) ?? state.media.get(bare) };
	}
	return { own: false };
}

/**
 * Resolves edit's image_urls the way fal's workers download them. URLs of the emulator's own
 * storage must exist (fal answers 422 for a dead file URL); other URLs are fetched best-effort,
 * since tests run offline and the emulator only records what it received.
 */
export async function resolveImageUrls(
	state: EmulatorState,
	urls: string[],
): Promise<ResolvedInputs> {
	const missing: number[] = [];
	const images = await Promise.all(
		urls.map(async (url, index): Promise<ResolvedImage> => {
			if (url.startsWith('data:')) return { url, bytes: decodeDataUri(url) };
			const { own, file } = ownFile(state, url);
			if (own) {
				if (!file) missing.push(index);
				return { url, bytes: file?.bytes ?? null };
			}
			return { url, bytes: await fetchBytes(url) };
		}),
	);
	return { images, missing: missing.sort((a, b) => a - b) };
}

async function fetchBytes(url: string): Promise<Buffer | null> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(EXTERNAL_FETCH_MS) });
		if (!response.ok) return null;
		return Buffer.from(await response.arrayBuffer());
	} catch {
		return null;
	}
}
