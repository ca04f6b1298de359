/** One line per case, then the closing `N passed, N failed` line. */
export class Report {
	passed = 0;

	failed = 0;

	pass(line: string, name: string, ms: number): void {
		this.passed++;
		console.log(`ok    [${line}] ${name} (${(ms / 1000).toFixed(1)} s)`);
	}

	fail(line: string, name: string, ms: number, error: unknown): void {
		this.failed++;
		const message = error instanceof Error ? error.message : String(error);
		console.log(`FAIL  [${line}] ${name} (${(ms / 1000).toFixed(1)} s)`);
		console.log(message.replace(/^/gm, '      '));
	}

	close(): void {
		console.log(`${this.passed} passed, ${this.failed} failed`);
	}
}
