import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

// The flags n8n's CommunityPackagesService passes to `npm install` (1.x since 1.8x and 2.x).
const NPM_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
	// Not n8n's: reuse npm's cache so repeated runs need the registry only for what is missing.
	'--prefer-offline',
];

interface Manifest {
	name: string;
	version: string;
	[key: string]: unknown;
}

/**
 * Installs a packed community package into `<user folder>/.n8n/nodes` the way n8n's own
 * installer does: unpack into `node_modules/<name>`, drop dev, peer and optional dependencies
 * from its package.json, then `npm install` inside it. Dropping peers matters: a second
 * `n8n-workflow` next to the node breaks `instanceof` against n8n's own classes.
 */
export async function installCommunityPackage(
	userFolder: string,
	tarball: string,
	env: NodeJS.ProcessEnv,
): Promise<Manifest> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const rootManifest = join(nodesDir, 'package.json');
	if (!existsSync(rootManifest)) {
		writeFileSync(
			rootManifest,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}

	const { stdout } = await exec('tar', ['-xzOf', tarball, 'package/package.json']);
	const manifest = JSON.parse(stdout) as Manifest;
	for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
		delete manifest[key];

	const packageDir = join(nodesDir, 'node_modules', manifest.name);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	await exec('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	writeFileSync(join(packageDir, 'package.json'), JSON.stringify(manifest, null, 2));
	await exec('npm', ['install', ...NPM_INSTALL_ARGS], {
		cwd: packageDir,
		env: { ...env, NODE_ENV: 'production' },
	});

	const installed = JSON.parse(readFileSync(rootManifest, 'utf8')) as {
		dependencies: Record<string, string>;
	};
	installed.dependencies[manifest.name] = manifest.version;
	writeFileSync(rootManifest, JSON.stringify(installed, null, 2));

	for (const dir of [join(nodesDir, 'node_modules'), join(packageDir, 'node_modules')]) {
		if (existsSync(join(dir, 'n8n-workflow'))) {
			throw new Error(`n8n-workflow was installed into ${dir}: peer dependencies must stay out`);
		}
	}
	return manifest;
}
