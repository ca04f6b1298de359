import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const RESULTS_DIR = resolve(__dirname, '..', '..', 'bench-results');

/** Writes every measured number to bench-results/<timestamp>.json and returns the path. */
export function writeResults(startedAt: Date, data: object): string {
	mkdirSync(RESULTS_DIR, { recursive: true });
	const file = join(RESULTS_DIR, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(
		file,
		`${JSON.stringify({ startedAt: startedAt.toISOString(), ...data }, null, '\t')}\n`,
	);
	return file;
}
