/**
 * Runs `task` for every index with at most `limit` holding a slot at once and
 * returns the results in index order, whatever order they finish in. A task may
 * give its slot back early with `release()` (the node does so once fal has
 * finished a job, so the next job is submitted while this one's images download).
 * Each task settles on its own: one failure does not stop the others.
 */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	task: (index: number, release: () => void) => Promise<T>,
): Promise<Array<PromiseSettledResult<T>>> {
	let free = Math.max(1, limit);
	const waiting: Array<() => void> = [];
	const acquire = async (): Promise<void> => {
		if (free > 0) {
			free--;
			return;
		}
		await new Promise<void>((resolve) => waiting.push(resolve));
	};
	const giveBack = () => {
		const next = waiting.shift();
		if (next) next();
		else free++;
	};

	return await Promise.all(
		Array.from({ length: count }, async (_, index): Promise<PromiseSettledResult<T>> => {
			await acquire();
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				giveBack();
			};
			try {
				return { status: 'fulfilled', value: await task(index, release) };
			} catch (reason) {
				return { status: 'rejected', reason };
			} finally {
				release();
			}
		}),
	);
}

/** At most `limit` tasks run at once; the others wait their turn in order. */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
	let free = Math.max(1, limit);
	const waiting: Array<() => void> = [];
	return async <T>(task: () => Promise<T>): Promise<T> => {
		if (free > 0) free--;
		else await new Promise<void>((resolve) => waiting.push(resolve));
		try {
			return await task();
		} finally {
			const next = waiting.shift();
			if (next) next();
			else free++;
		}
	};
}
