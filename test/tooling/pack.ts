import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { say } from './log';

const REPO_ROOT = join(__dirname, '..', '..');

/** Compiler errors go straight to the terminal. */
function npm(args: string[]): void {
	execFileSync('npm', args, { cwd: REPO_ROOT, stdio: 'inherit' });
}

function npmOutput(args: string[]): string {
	return execFileSync('npm', args, {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
}

/**
 * Builds the package from a clean `dist` and packs it, as a publish would, so the tests see
 * exactly the files users get. `--ignore-scripts` skips `prepack`, which would build again.
 */
export function buildAndPack(): string {
	const started = Date.now();
	say('building and packing the package');
	npm(['run', '--silent', 'clean']);
	npm(['run', '--silent', 'build']);
	const destination = mkdtempSync(join(tmpdir(), 'n8n-e2e-pack-'));
	const name = npmOutput([
		'pack',
		'--silent',
		'--ignore-scripts',
		'--pack-destination',
		destination,
	])
		.trim()
		.split('\n')
		.pop();
	if (!name) throw new Error('npm pack printed no file name');
	say(`packed ${name} in ${Math.round((Date.now() - started) / 1000)}s`);
	return join(destination, name);
}
