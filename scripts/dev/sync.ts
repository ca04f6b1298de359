import { cpSync } from 'node:fs';
import { join } from 'node:path';

import { onLines, spawnGroup, type GroupProcess } from '../../test/tooling/processes';
import { say } from './say';
import { REPO_ROOT } from './settings';

/**
 * Recompiles on every change and copies the output over the installed package; n8n's hot
 * reload (N8N_DEV_RELOAD) watches that folder and reloads the node without a restart. tsc's
 * first compile at start only repeats the build the package was installed from, so it is
 * neither copied nor announced.
 */
export function watchAndSync(installedPackageDir: string): GroupProcess {
	const tsc = spawnGroup(
		'tsc',
		process.execPath,
		[
			require.resolve('typescript/bin/tsc'),
			'-p',
			'tsconfig.build.json',
			'--watch',
			'--preserveWatchOutput',
			'--pretty',
			'false',
		],
		{ cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let initial = true;
	const onLine = (line: string) => {
		if (/File change detected/.test(line)) {
			say('change detected in nodes/ or credentials/: recompiling');
		} else if (/error TS\d+/.test(line)) {
			process.stdout.write(`[tsc] ${line}\n`);
		} else if (/Found 0 errors/.test(line)) {
			if (initial) initial = false;
			else {
				syncDist(installedPackageDir);
				say('rebuilt: n8n reloads the node (refresh the editor to see description changes)');
			}
		} else if (/Found \d+ errors?/.test(line)) {
			initial = false;
			say('compile errors (above): the running node is unchanged');
		}
	};
	onLines(tsc.child.stdout, onLine);
	onLines(tsc.child.stderr, (line) => process.stderr.write(`[tsc] ${line}\n`));
	return tsc;
}

/** Copies over the installed files, keeping what tsc does not produce (icons, codex JSON). */
function syncDist(installedPackageDir: string): void {
	cpSync(join(REPO_ROOT, 'dist'), join(installedPackageDir, 'dist'), { recursive: true });
}
