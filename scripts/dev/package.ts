import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { buildAndPack } from '../../test/tooling/pack';
import { installCommunityPackage } from '../../test/tooling/communityPackage';
import { say, seconds } from './say';
import { REPO_ROOT } from './settings';
import type { DevState } from './state';

const INPUT_FILES = [
	'package.json',
	'package-lock.json',
	'tsconfig.json',
	'tsconfig.build.json',
	'gulpfile.js',
];
const INPUT_FOLDERS = ['nodes', 'credentials'];

function filesUnder(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((entry) => {
		const path = join(dir, entry);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

/** Hash of everything the packed package is made from. */
export function sourceHash(): string {
	const hash = createHash('sha256');
	const files = [
		...INPUT_FILES.map((file) => join(REPO_ROOT, file)),
		...INPUT_FOLDERS.flatMap((folder) => filesUnder(join(REPO_ROOT, folder)).sort()),
	];
	for (const file of files) {
		if (!existsSync(file)) continue;
		hash.update(relative(REPO_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
	}
	return hash.digest('hex');
}

/**
 * Builds, packs and installs the package into the dev user folder with the README's install
 * lines, unless the sources are unchanged since the last install. Returns the package
 * folder n8n loads.
 */
export async function ensurePackage(
	userFolder: string,
	env: NodeJS.ProcessEnv,
	state: DevState,
): Promise<string> {
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		name: string;
	};
	const packageDir = join(userFolder, '.n8n', 'nodes', 'node_modules', manifest.name);
	const hash = sourceHash();
	if (state.packageHash === hash && existsSync(join(packageDir, 'dist'))) {
		say('package sources unchanged since the last start: build and install skipped');
		return packageDir;
	}
	const started = Date.now();
	const tarball = buildAndPack();
	try {
		say("installing the packed package with the README's install lines");
		await installCommunityPackage(userFolder, tarball, env);
	} finally {
		rmSync(dirname(tarball), { recursive: true, force: true });
	}
	state.packageHash = hash;
	say(`package built and installed in ${seconds(started)}`);
	return packageDir;
}
