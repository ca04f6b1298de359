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
		await new Promise((resolve) => setTimeout(resolve, everyMs));
		value = await read();
	}
	return value;
}

/** A distinct prompt per request: the emulator's images follow the prompt, so bytes differ. */
export function prompts(tag: string, count: number): string[] {
	const run = Date.now().toString(36);
	return Array.from({ length: count }, (_, i) => `queue ${tag} ${run} #${i + 1}`);
}
