/** Progress lines in the terminal; n8n's own output goes to its log file. */
export function say(message: string): void {
	process.stdout.write(`[dev] ${message}\n`);
}

export function seconds(sinceMs: number): string {
	return `${((Date.now() - sinceMs) / 1000).toFixed(0)} s`;
}
