/**
 * Minimal lossless WebP (VP8L) writer. No transforms and no backward references: every channel
 * uses a flat 8-bit prefix code, so each pixel costs exactly 3 bytes. Large, but valid and tiny
 * to implement, which is all an emulator needs.
 */

class BitWriter {
	private readonly buf: Buffer;
	private pos = 0;
	private acc = 0;
	private bits = 0;

	constructor(capacity: number) {
		this.buf = Buffer.alloc(capacity);
	}

	/** Writes `count` (≤ 24) bits of `value`, least significant bit first, as VP8L requires. */
	write(value: number, count: number): void {
		this.acc |= value << this.bits;
		this.bits += count;
		while (this.bits >= 8) {
			this.buf[this.pos++] = this.acc & 0xff;
			this.acc >>>= 8;
			this.bits -= 8;
		}
	}

	finish(): Buffer {
		if (this.bits > 0) this.buf[this.pos++] = this.acc & 0xff;
		return this.buf.subarray(0, this.pos);
	}
}

// Prefix codes are read most significant bit first, so 8-bit codes go out bit-reversed.
const REVERSED = Uint8Array.from({ length: 256 }, (_, v) => {
	let r = 0;
	for (let b = 0; b < 8; b++) r |= ((v >> b) & 1) << (7 - b);
	return r;
});

/** A "normal" prefix code giving the first 256 symbols length 8 and the rest length 0. */
function writeFlatCode(w: BitWriter, alphabetSize: number): void {
	w.write(0, 1); // normal code
	// Code-length code: only symbols 0 and 8, each 1 bit long. Order is fixed by the format;
	// symbol 8 is the 12th entry, so 12 lengths are sent.
	const order = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8];
	w.write(order.length - 4, 4);
	for (const symbol of order) w.write(symbol === 0 || symbol === 8 ? 1 : 0, 3);
	w.write(0, 1); // max_symbol = alphabet size
	// Per symbol, code '1' means length 8 and '0' means length 0.
	for (let s = 0; s < alphabetSize; s++) w.write(s < 256 ? 1 : 0, 1);
}

/** A "simple" prefix code with one symbol: costs zero bits a pixel. */
function writeSingleSymbolCode(w: BitWriter, symbol: number): void {
	w.write(1, 1); // simple code
	w.write(0, 1); // one symbol
	if (symbol < 2) {
		w.write(0, 1);
		w.write(symbol, 1);
	} else {
		w.write(1, 1);
		w.write(symbol, 8);
	}
}

function riffChunk(fourCc: string, data: Buffer): Buffer {
	const pad = data.length % 2;
	const out = Buffer.alloc(8 + data.length + pad);
	out.write(fourCc, 0, 'latin1');
	out.writeUInt32LE(data.length, 4);
	data.copy(out, 8);
	return out;
}

function riff(chunks: Buffer[]): Buffer {
	const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks]);
	const head = Buffer.alloc(8);
	head.write('RIFF', 0, 'latin1');
	head.writeUInt32LE(body.length, 4);
	return Buffer.concat([head, body]);
}

function vp8l(width: number, height: number, rgb: Buffer): Buffer {
	const w = new BitWriter(width * height * 3 + 512);
	w.write(0x2f, 8); // signature
	w.write(width - 1, 14);
	w.write(height - 1, 14);
	w.write(0, 1); // alpha not used
	w.write(0, 3); // version
	w.write(0, 1); // no transform
	w.write(0, 1); // no colour cache
	w.write(0, 1); // no meta prefix codes
	writeFlatCode(w, 256 + 24); // green + length prefixes
	writeFlatCode(w, 256); // red
	writeFlatCode(w, 256); // blue
	writeSingleSymbolCode(w, 255); // alpha: always opaque
	writeSingleSymbolCode(w, 0); // distance: never used
	for (let i = 0; i < rgb.length; i += 3) {
		w.write(REVERSED[rgb[i + 1]], 8);
		w.write(REVERSED[rgb[i]], 8);
		w.write(REVERSED[rgb[i + 2]], 8);
	}
	return w.finish();
}

/**
 * Encodes 8-bit RGB pixels as lossless WebP. With `targetBytes`, the extended (VP8X) layout is
 * used so an unknown chunk, which decoders must skip, can bring the file to about that size.
 */
export function encodeWebp(
	width: number,
	height: number,
	rgb: Buffer,
	targetBytes = 0,
	filler: (length: number) => Buffer = (length) => Buffer.alloc(length),
): Buffer {
	const image = riffChunk('VP8L', vp8l(width, height, rgb));
	// RIFF header and 'WEBP' (12) + VP8X chunk (18) + the padding chunk's own header (8).
	const padding = targetBytes - image.length - 12 - 18 - 8;
	if (padding <= 0) return riff([image]);
	const header = Buffer.alloc(10);
	header.writeUIntLE(width - 1, 4, 3);
	header.writeUIntLE(height - 1, 7, 3);
	return riff([riffChunk('VP8X', header), image, riffChunk('PADD', filler(padding))]);
}
