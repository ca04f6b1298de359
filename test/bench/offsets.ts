/** The poll periods of the approaches compared: the fal client's default and the 5 s poller's. */
const FINE_MS = 500;
const COARSE_MS = 5000;

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}

/**
 * How much longer than T the job takes in each round. With a fixed T a poller meets the
 * completion at the same point of its cycle every time (T = 3000 ms falls exactly on a 500 ms
 * poll), which flatters or punishes it by luck. Real generation times vary, so the offsets
 * are spread evenly over one 5 s cycle and, at the same time, over one 500 ms cycle: the
 * median then shows each poller's typical wait. Every approach gets the same offset in a round.
 */
export function roundOffsets(runs: number): number[] {
	const steps = COARSE_MS / FINE_MS;
	// Pairs coarse and fine slots in a scrambled order, so both spreads hold at once.
	let stride = Math.max(1, Math.round(runs * 0.382));
	while (gcd(stride, runs) !== 1) stride++;
	return Array.from({ length: runs }, (_, round) => {
		const coarse = Math.floor(((round + 0.5) / runs) * steps) * FINE_MS;
		const fine = ((((round * stride) % runs) + 0.5) / runs) * FINE_MS;
		return Math.round(coarse + fine);
	});
}
