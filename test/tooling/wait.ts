/** Resolves after `ms`. */
export const sleep = async (ms: number): Promise<void> =>
	await new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `ok` holds; the error names what was awaited and the last value. */
export async function waitUntil<T>(
	what: string,
	read: () => Promise<T>,
	ok: (value: T) => boolean,
	timeoutMs: number,
	everyMs = 200,
): Promise<T> {
	const until = Date.now() + timeoutMs;
	let value = await read();
	while (!ok(value)) {
		if (Date.now() > until) {
			throw new Error(
				`${what}: not reached in ${timeoutMs / 1000} s (last: ${JSON.stringify(value)})`,
			);
		}
		await sleep(everyMs);
		value = await read();
	}
	return value;
}
