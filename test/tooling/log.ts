let prefix = 'e2e';

/** `npm run dev` shares this tooling and labels its lines as its own. */
export function setLogPrefix(value: string): void {
	prefix = value;
}

/** Prefixed progress output, so install lines stand out from test output. */
export function say(message: string): void {
	process.stdout.write(`[${prefix}] ${message}\n`);
}

export function seconds(sinceMs: number): string {
	return `${Math.round((Date.now() - sinceMs) / 1000)}s`;
}
