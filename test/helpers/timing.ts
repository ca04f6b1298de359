export const settle = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until a condition holds (for example, the emulator saw a job reach a state), or fails. */
export async function until(predicate: () => boolean, ms = 5000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error('condition not reached');
		await settle(5);
	}
}

/** The most intervals open at one moment; an interval without an end stays open. */
export function peakOverlap(intervals: Array<{ start: number; end?: number }>): number {
	const events = intervals.flatMap(({ start, end }) => [
		{ at: start, delta: 1 },
		{ at: end ?? Infinity, delta: -1 },
	]);
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let open = 0;
	let peak = 0;
	for (const event of events) peak = Math.max(peak, (open += event.delta));
	return peak;
}
