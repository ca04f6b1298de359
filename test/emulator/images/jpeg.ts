/**
 * Baseline JPEG writer that codes only each 8×8 block's DC coefficient (its mean colour), so no
 * DCT is needed and a 256 px image takes well under a millisecond. jpeg-js `encode` was the first
 * choice, but it rebuilds 130k-entry tables on every call (~120 ms of blocked event loop a
 * picture), which distorts benchmarks that share the process. Gradients come out as a mosaic of
 * 8×8 tiles: a valid JPEG any decoder reads.
 */

const MAX_SEGMENT_PAYLOAD = 65533;
const DC_QUANT = 8;

// Annex K standard luminance DC table: code lengths per size, then the category symbols.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// AC table with the single symbol EOB (0x00): every block ends right after its DC.
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0];

/** Canonical Huffman codes by symbol, as [code, length]. */
function huffmanCodes(bits: number[], values: number[]): Map<number, [number, number]> {
	const codes = new Map<number, [number, number]>();
	let code = 0;
	let k = 0;
	for (let length = 1; length <= 16; length++) {
		for (let i = 0; i < bits[length - 1]; i++) codes.set(values[k++], [code++, length]);
		code <<= 1;
	}
	return codes;
}

const DC_CODES = huffmanCodes(DC_BITS, DC_VALUES);
const EOB = huffmanCodes(AC_BITS, AC_VALUES).get(0) as [number, number];

/** Entropy-coded data: most significant bit first, 0xFF followed by a stuffed 0x00. */
class JpegBitWriter {
	private readonly bytes: number[] = [];
	private acc = 0;
	private count = 0;

	write(code: number, length: number): void {
		for (let i = length - 1; i >= 0; i--) {
			this.acc = (this.acc << 1) | ((code >> i) & 1);
			if (++this.count === 8) this.flushByte();
		}
	}

	finish(): Buffer {
		while (this.count !== 0) this.write(1, 1); // pad with ones, as the standard asks
		return Buffer.from(this.bytes);
	}

	private flushByte(): void {
		this.bytes.push(this.acc);
		if (this.acc === 0xff) this.bytes.push(0);
		this.acc = 0;
		this.count = 0;
	}
}

function segment(marker: number, payload: Buffer): Buffer {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

function huffmanTable(classAndId: number, bits: number[], values: number[]): Buffer {
	return Buffer.from([classAndId, ...bits, ...values]);
}

/** Mean Y, Cb, Cr of each 8×8 block (edge blocks use the pixels they have). */
function blockMeans(width: number, height: number, rgb: Buffer): Float64Array[] {
	const cols = Math.ceil(width / 8);
	const rows = Math.ceil(height / 8);
	const planes = [
		new Float64Array(cols * rows),
		new Float64Array(cols * rows),
		new Float64Array(cols * rows),
	];
	const counts = new Uint16Array(cols * rows);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 3;
			const r = rgb[i];
			const g = rgb[i + 1];
			const b = rgb[i + 2];
			const block = (y >> 3) * cols + (x >> 3);
			planes[0][block] += 0.299 * r + 0.587 * g + 0.114 * b;
			planes[1][block] += -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
			planes[2][block] += 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
			counts[block]++;
		}
	}
	for (const plane of planes) for (let i = 0; i < plane.length; i++) plane[i] /= counts[i];
	return planes;
}

/** Encodes 8-bit RGB pixels as a baseline 4:4:4 JPEG of block-mean colours. */
export function encodeJpeg(width: number, height: number, rgb: Buffer): Buffer {
	const planes = blockMeans(width, height, rgb);
	const bits = new JpegBitWriter();
	const previous = [0, 0, 0];
	for (let block = 0; block < planes[0].length; block++) {
		for (let c = 0; c < 3; c++) {
			// DC = 8 × (mean − 128); quantised by 8 it is just the centred mean.
			const dc = Math.max(
				-2047,
				Math.min(2047, Math.round(((planes[c][block] - 128) * 8) / DC_QUANT)),
			);
			const diff = dc - previous[c];
			previous[c] = dc;
			const magnitude = Math.abs(diff);
			const category = magnitude === 0 ? 0 : 32 - Math.clz32(magnitude);
			const [code, length] = DC_CODES.get(category) as [number, number];
			bits.write(code, length);
			if (category > 0) bits.write(diff >= 0 ? diff : diff + (1 << category) - 1, category);
			bits.write(EOB[0], EOB[1]);
		}
	}
	const frame = Buffer.alloc(15);
	frame[0] = 8; // precision
	frame.writeUInt16BE(height, 1);
	frame.writeUInt16BE(width, 3);
	frame[5] = 3; // components: Y, Cb, Cr, each 1×1 sampled, quant table 0
	frame.set([1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0], 6);
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])), // JFIF 1.1
		segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, DC_QUANT)])),
		segment(0xc0, frame),
		segment(
			0xc4,
			Buffer.concat([
				huffmanTable(0x00, DC_BITS, DC_VALUES),
				huffmanTable(0x10, AC_BITS, AC_VALUES),
			]),
		),
		// One interleaved scan; all components use DC table 0 and AC table 0.
		segment(0xda, Buffer.from([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0])),
		bits.finish(),
		Buffer.from([0xff, 0xd9]),
	]);
}

/** Marker segments of `payload` split to the 64 KiB segment limit. */
export function jpegSegments(marker: number, payload: Buffer): Buffer[] {
	const out: Buffer[] = [];
	for (let offset = 0; offset < payload.length; offset += MAX_SEGMENT_PAYLOAD) {
		out.push(segment(marker, payload.subarray(offset, offset + MAX_SEGMENT_PAYLOAD)));
	}
	return out;
}

/** Inserts segments right after SOI, where decoders skip unknown APPn/COM segments. */
export function insertJpegSegments(jpeg: Buffer, segments: Buffer[]): Buffer {
	return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

export const JPEG_APP15 = 0xef;
