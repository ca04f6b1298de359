import type { ImageSize } from './dimensions';

export const ASPECT_RATIOS = [
	'21:9',
	'1:1',
	'4:3',
	'3:2',
	'2:3',
	'5:4',
	'4:5',
	'3:4',
	'16:9',
	'9:16',
] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** Pixel size for a ratio with the given long side, e.g. 16:9 at 256 → 256×144. */
export function sizeForRatio(ratio: string, longSide: number): ImageSize {
	const [w, h] = ratio.split(':').map(Number);
	if (w >= h) return { width: longSide, height: Math.max(1, Math.round((longSide * h) / w)) };
	return { width: Math.max(1, Math.round((longSide * w) / h)), height: longSide };
}

/** Same ratio as `source`, scaled so its long side is `longSide` (edit's `auto`). */
export function sizeLike(source: ImageSize, longSide: number): ImageSize {
	const scale = longSide / Math.max(source.width, source.height);
	return {
		width: Math.max(1, Math.round(source.width * scale)),
		height: Math.max(1, Math.round(source.height * scale)),
	};
}

/**
 * RGB pixels of a diagonal gradient with stripes, all colours taken from `seed` (a hash), so
 * distinct inputs give visibly distinct images and equal inputs give equal ones.
 */
export function renderPixels(size: ImageSize, seed: Buffer): Buffer {
	const { width, height } = size;
	const from = [seed[0], seed[1], seed[2]];
	const to = [seed[3], seed[4], seed[5]];
	const stripeShift = 3 + (seed[6] % 3);
	const rgb = Buffer.alloc(width * height * 3);
	let i = 0;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const t = (0.6 * x) / Math.max(1, width - 1) + (0.4 * y) / Math.max(1, height - 1);
			const dim = ((x + y) >> stripeShift) & 1 ? 0.8 : 1;
			for (let c = 0; c < 3; c++) rgb[i++] = Math.round((from[c] + (to[c] - from[c]) * t) * dim);
		}
	}
	return rgb;
}
