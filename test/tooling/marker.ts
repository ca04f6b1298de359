import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKER = '.e2e-installed.json';

/**
 * A folder counts as installed only once its marker exists: it is written last, so an
 * interrupted install is redone instead of being trusted.
 */
export function readMarker<T>(dir: string): T | undefined {
	const file = join(dir, MARKER);
	if (!existsSync(file)) return undefined;
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

export function writeMarker(dir: string, data: object): void {
	writeFileSync(
		join(dir, MARKER),
		JSON.stringify({ ...data, installedAt: new Date().toISOString() }, null, 2),
	);
}
