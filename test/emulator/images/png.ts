import { deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(data: Buffer): number {
	let crc = 0xffffffff;
	for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC over type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'latin1');
	data.copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}

/** Encodes 8-bit RGB pixels (row-major, 3 bytes a pixel) as a PNG with no row filters. */
export function encodePng(width: number, height: number, rgb: Buffer, level = 6): Buffer {
	const stride = width * 3;
	const raw = Buffer.alloc((stride + 1) * height);
	for (let y = 0; y < height; y++) {
		// Filter byte 0 (None) stays zero from alloc.
		rgb.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type RGB
	return Buffer.concat([
		SIGNATURE,
		pngChunk('IHDR', header),
		pngChunk('IDAT', deflateSync(raw, { level })),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** Inserts extra chunks right after IHDR (signature 8 bytes + IHDR chunk 25 bytes). */
export function insertPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
	return Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);
}

/** A tEXt chunk: keeps files distinct per image without touching pixels. */
export function pngTextChunk(keyword: string, text: string): Buffer {
	return pngChunk('tEXt', Buffer.from(`${keyword}\0${text}`, 'latin1'));
}
