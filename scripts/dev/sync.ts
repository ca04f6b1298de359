import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Recompiles on every change and copies the output over the installed package; n8n's hot
 * reload (N8N_DEV_RELOAD) watches that folder and reloads the node without a restart.
 */
export function watchAndSync(installedPackageDir: string, onSynced: () => void): ChildProcess {
	const tsc = spawn(
		process.execPath,
		[
			require.resolve('typescript/bin/tsc'),
			'-p',
			'tsconfig.build.json',
			'--watch',
			'--preserveWatchOutput',
		],
		{ cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	tsc.stdout?.on('data', (chunk: Buffer) => {
		const text = chunk.toString();
		process.stdout.write(text.replace(/^/gm, '[tsc] '));
		if (/Found 0 errors/.test(text)) {
			syncDist(installedPackageDir);
			onSynced();
		}
	});
	return tsc;
}

export function syncDist(installedPackageDir: string): void {
	const target = join(installedPackageDir, 'dist');
	rmSync(target, { recursive: true, force: true });
	cpSync(join(REPO_ROOT, 'dist'), target, { recursive: true });
}
