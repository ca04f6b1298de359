/**
 * Runs `task` for indexes 0..count-1 with at most `limit` at once, the way a plain
 * integration would fan out items. The first failure rejects.
 */
export async function runPool(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count) await task(next++);
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
