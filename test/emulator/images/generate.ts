import { createHash } from 'node:crypto';

import type { ImageContentType, ImageSize } from './dimensions';
import { JPEG_APP15, encodeJpeg, insertJpegSegments, jpegSegments } from './jpeg';
import { noiseBytes } from './noise';
import { encodePng, insertPngChunks, pngChunk, pngTextChunk } from './png';
import { renderPixels } from './render';
import { encodeWebp } from './webp';

export type OutputFormat = 'jpeg' | 'png' | 'webp';

export const CONTENT_TYPES: Record<OutputFormat, ImageContentType> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
};

export interface GeneratedImage extends ImageSize {
	bytes: Buffer;
	contentType: ImageContentType;
}

export interface ImageRequest {
	size: ImageSize;
	format: OutputFormat;
	/** Hash of everything the picture depends on. */
	seed: Buffer;
	/** Aim for files of about this many bytes. */
	imageBytes?: number;
}

/** Hash of the parts an image is made from; the first bytes pick its colours. */
export function imageSeed(parts: unknown[]): Buffer {
	return createHash('sha256').update(JSON.stringify(parts)).digest();
}

// Noisy PNGs are costly to deflate, so one is built per size and target; each image then only
// gets its own tag chunk. JPEG and WebP keep per-image pixels and add a filler segment or chunk.
const noisyPngCache = new Map<string, Buffer>();
const FILLER_SEED = imageSeed(['filler']);

export function generateImage(request: ImageRequest): GeneratedImage {
	const { size, format, seed, imageBytes } = request;
	const contentType = CONTENT_TYPES[format];
	if (!imageBytes || imageBytes <= 0) {
		return { ...size, contentType, bytes: encode(format, size, renderPixels(size, seed)) };
	}
	if (format === 'webp') {
		const rgb = renderPixels(size, seed);
		return {
			...size,
			contentType,
			bytes: encodeWebp(size.width, size.height, rgb, imageBytes, filler),
		};
	}
	if (format === 'jpeg') {
		return { ...size, contentType, bytes: paddedJpeg(size, renderPixels(size, seed), imageBytes) };
	}
	const key = `${size.width}x${size.height}:${imageBytes}`;
	let base = noisyPngCache.get(key);
	if (!base) {
		base = noisyPng(size, imageBytes);
		noisyPngCache.set(key, base);
	}
	const bytes = insertPngChunks(base, [pngTextChunk('Comment', seed.toString('hex'))]);
	return { ...size, contentType, bytes };
}

function encode(format: OutputFormat, size: ImageSize, rgb: Buffer): Buffer {
	if (format === 'png') return encodePng(size.width, size.height, rgb);
	if (format === 'webp') return encodeWebp(size.width, size.height, rgb);
	return encodeJpeg(size.width, size.height, rgb);
}

let fillerNoise: Buffer = Buffer.alloc(0);

/** Incompressible filler; one shared buffer, since xorshift output is a prefix of a longer run. */
function filler(length: number): Buffer {
	if (fillerNoise.length < length) fillerNoise = noiseBytes(length, 0x5eed);
	return fillerNoise.subarray(0, length);
}

/**
 * A PNG whose bulk is noisy pixel rows (incompressible, so the file is genuinely that large);
 * when the image is too small to hold enough noise, a private ancillary chunk tops it up.
 */
function noisyPng(size: ImageSize, target: number): Buffer {
	const { width, height } = size;
	const rgb = renderPixels(size, FILLER_SEED);
	const stride = width * 3;
	const noiseRows = Math.min(height, Math.ceil(target / (stride + 1)));
	noiseBytes(noiseRows * stride, 0xbad5eed).copy(rgb, (height - noiseRows) * stride);
	const png = encodePng(width, height, rgb, 1);
	const missing = target - png.length - 12;
	if (missing <= 0) return png;
	// 'paDd': ancillary, private, safe to copy: viewers skip it.
	return insertPngChunks(png, [pngChunk('paDd', filler(missing))]);
}

/** A JPEG topped up with APP15 segments of noise, which decoders skip. */
function paddedJpeg(size: ImageSize, rgb: Buffer, target: number): Buffer {
	const jpeg = encodeJpeg(size.width, size.height, rgb);
	const missing = target - jpeg.length;
	if (missing <= 4) return jpeg;
	// Each segment spends 4 bytes on its marker and length.
	const segments = Math.ceil(missing / 65537);
	return insertJpegSegments(jpeg, jpegSegments(JPEG_APP15, filler(missing - segments * 4)));
}
