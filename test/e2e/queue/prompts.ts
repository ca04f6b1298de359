/** A distinct prompt per request: the emulator's images follow the prompt, so bytes differ. */
export function prompts(tag: string, count: number): string[] {
	const run = Date.now().toString(36);
	return Array.from({ length: count }, (_, i) => `queue ${tag} ${run} #${i + 1}`);
}
