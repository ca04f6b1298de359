import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from './cache';
import { withLock } from './lock';
import { say } from './log';
import { readMarker, writeMarker } from './marker';
import { runStep } from './step';

/**
 * Node releases are published on npm as per-platform packages with `bin/node` and the C headers
 * in `include/` (needed to compile sqlite3). The generic `node` package only fetches one of these
 * in a preinstall script, which `--ignore-scripts` would skip, so the platform package is used.
 */
function platformPackage(): string {
	return `node-${process.platform}-${process.arch}`;
}

export interface InstalledNode {
	/** Folder with `bin/node` and `include/node`, usable as `--nodedir`. */
	dir: string;
	bin: string;
	version: string;
}

export async function ensureNode(release: string): Promise<InstalledNode> {
	const root = join(cacheRoot(), `node-${release}`);
	const pkg = platformPackage();
	const dir = join(root, 'node_modules', pkg);
	const bin = join(dir, 'bin', 'node');
	const done = () => readMarker<{ version: string }>(root);

	let marker = done();
	if (!marker) {
		mkdirSync(root, { recursive: true });
		await withLock(`${root}.lock`, `Node ${release}`, async () => {
			if (done()) return;
			writeFileSync(
				join(root, 'package.json'),
				JSON.stringify({ name: `node-${release}`, private: true }, null, 2),
			);
			await runStep(
				`Node ${release}: npm install ${pkg}@${release}`,
				'npm',
				['install', '--no-audit', '--no-fund', '--ignore-scripts', `${pkg}@${release}`],
				{ cwd: root, logFile: join(root, 'install.log') },
			);
			const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
			if (version !== `v${release}`)
				throw new Error(`${bin} reports ${version}, expected v${release}`);
			if (!existsSync(join(dir, 'include', 'node', 'node.h')))
				throw new Error(`${pkg} has no C headers in ${dir}/include`);
			writeMarker(root, { version });
		});
		marker = done();
		if (!marker) throw new Error(`Node ${release} install finished without its marker in ${root}`);
	}
	say(`Node ${release}: ${marker.version} at ${dir}`);
	return { dir, bin, version: marker.version };
}
