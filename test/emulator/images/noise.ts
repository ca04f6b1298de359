/**
 * Deterministic pseudo-random bytes: emulator output must be identical across runs and processes,
 * so crypto randomness is not an option for image content.
 */
export function noiseBytes(length: number, seed: number): Buffer {
	const words = new Uint32Array(Math.ceil(length / 4));
	// xorshift32: fast enough to fill megabytes in a few milliseconds.
	let state = seed >>> 0 || 0x9e3779b9;
	for (let i = 0; i < words.length; i++) {
		state ^= state << 13;
		state >>>= 0;
		state ^= state >>> 17;
		state ^= state << 5;
		state >>>= 0;
		words[i] = state;
	}
	return Buffer.from(words.buffer, 0, length);
}
