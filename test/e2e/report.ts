import { say } from '../tooling/log';

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

	/** Says how long the suite took, closes the report, and returns the exit code. */
	finish(started: number): number {
		say(`took ${Math.round((Date.now() - started) / 1000)}s`);
		this.close();
		return this.failed || !this.passed ? 1 : 0;
	}
}

/**
 * Runs a suite's `main` and exits with its code. A thrown error counts as one failure, shown
 * with its stack unless `plain` says its message is the whole story (a missing browser).
 */
export function runSuite(
	main: () => Promise<number>,
	plain: (error: unknown) => boolean = () => false,
): void {
	main()
		.then((code) => process.exit(code))
		.catch((error: unknown) => {
			const shown =
				error instanceof Error
					? plain(error)
						? error.message
						: (error.stack ?? error.message)
					: error;
			console.error(shown);
			console.log('0 passed, 1 failed');
			process.exit(1);
		});
}
