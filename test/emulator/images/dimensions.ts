export interface ImageSize {
	width: number;
	height: number;
}

export type ImageContentType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface ImageInfo extends ImageSize {
	contentType: ImageContentType;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR, or null if `buf` is not a PNG. */
export function pngDimensions(buf: Buffer): ImageSize | null {
	if (buf.length < 24 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
	if (buf.toString('latin1', 12, 16) !== 'IHDR') return null;
	return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Width and height from a JPEG's first start-of-frame segment, or null if none is found. */
export function jpegDimensions(buf: Buffer): ImageSize | null {
	if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return null;
	let offset = 2;
	while (offset + 4 <= buf.length) {
		if (buf[offset] !== 0xff) return null;
		const marker = buf[offset + 1];
		if (marker === 0xff) {
			offset++; // fill byte
			continue;
		}
		// Standalone markers carry no length.
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
			offset += 2;
			continue;
		}
		const length = buf.readUInt16BE(offset + 2);
		const isStartOfFrame =
			marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isStartOfFrame) {
			if (offset + 9 > buf.length) return null;
			return { height: buf.readUInt16BE(offset + 5), width: buf.readUInt16BE(offset + 7) };
		}
		offset += 2 + length;
	}
	return null;
}

/** Width and height of a WebP (lossless, lossy or extended layout), or null. */
export function webpDimensions(buf: Buffer): ImageSize | null {
	if (buf.length < 30) return null;
	if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WEBP') {
		return null;
	}
	const chunk = buf.toString('latin1', 12, 16);
	if (chunk === 'VP8X') {
		return { width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
	}
	if (chunk === 'VP8L') {
		if (buf[20] !== 0x2f) return null;
		const bits = buf.readUInt32LE(21);
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8 ') {
		return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
	}
	return null;
}

/** Format and size of a PNG, JPEG or WebP, or null for anything else. */
export function imageDimensions(buf: Buffer): ImageInfo | null {
	const png = pngDimensions(buf);
	if (png) return { ...png, contentType: 'image/png' };
	const jpeg = jpegDimensions(buf);
	if (jpeg) return { ...jpeg, contentType: 'image/jpeg' };
	const webp = webpDimensions(buf);
	if (webp) return { ...webp, contentType: 'image/webp' };
	return null;
}
