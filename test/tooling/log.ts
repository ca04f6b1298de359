/** Prefixed progress output, so install lines stand out from test output. */
export function say(message: string): void {
	process.stdout.write(`[e2e] ${message}\n`);
}

export function seconds(sinceMs: number): string {
	return `${Math.round((Date.now() - sinceMs) / 1000)}s`;
}
