import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * The README's install, word for word (test/unit/readmeClaims.test.ts holds the README to it),
 * run by `sh` in `~/.n8n/nodes` with the release tarball beside it:
 * - `.npmrc` gets `legacy-peer-deps=true`: n8n itself runs `npm prune` (after removing a package)
 *   and `npm outdated` in that folder, and without it npm would resolve the node's peer
 *   `n8n-workflow` there (offline: it fails; online: a second copy lands next to n8n's own).
 * - `--omit=peer` keeps a second `n8n-workflow` out (it breaks `instanceof` against n8n's
 *   classes); `--legacy-peer-deps` stops npm resolving that peer at all, which is what lets the
 *   install run without registry access (`--omit=peer` alone still asks the registry).
 */
export const NPMRC_LINE = 'legacy-peer-deps=true';

/** The tarball `npm pack` writes for a manifest, as a release attaches it. */
export const tarballName = (manifest: { name: string; version: string }) =>
	`${manifest.name}-${manifest.version}.tgz`;

/** The README's commands, in the nodes folder, for a tarball lying there. */
export const installCommands = (tarball: string) => [
	`echo ${NPMRC_LINE} >> .npmrc`,
	`npm install --omit=peer --legacy-peer-deps ./${tarball}`,
];

interface Manifest {
	name: string;
	version: string;
	[key: string]: unknown;
}

/**
 * Installs a packed community package into `<user folder>/.n8n/nodes` as the README tells users:
 * the tarball copied into that folder (so the `file:` entry npm records in its package.json keeps
 * resolving when n8n runs npm there), then the README's commands, offline and with an empty npm
 * cache: what they need, they find in the tarball. Then n8n's own `npm prune` in that folder.
 */
export async function installCommunityPackage(
	userFolder: string,
	tarball: string,
	env: NodeJS.ProcessEnv,
): Promise<Manifest> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const { stdout } = await exec('tar', ['-xzOf', tarball, 'package/package.json']);
	const manifest = JSON.parse(stdout) as Manifest;
	const name = tarballName(manifest);
	if (basename(tarball) !== name) throw new Error(`${tarball} is not named ${name}`);

	copyFileSync(tarball, join(nodesDir, name));
	// A rebuild keeps the version number: npm would keep the folder it already unpacked.
	rmSync(join(nodesDir, 'node_modules', manifest.name), { recursive: true, force: true });
	const emptyCache = mkdtempSync(join(tmpdir(), 'n8n-e2e-npm-cache-'));
	try {
		const offline = { ...env, npm_config_offline: 'true', npm_config_cache: emptyCache };
		await exec('sh', ['-ec', installCommands(name).join('\n')], { cwd: nodesDir, env: offline });
		checkInstalled(nodesDir, manifest.name, name);
		// What n8n runs in this folder after removing another package: it must still work offline.
		await exec('npm', ['prune'], { cwd: nodesDir, env: { ...offline, NODE_ENV: 'production' } });
		checkInstalled(nodesDir, manifest.name, name);
	} finally {
		rmSync(emptyCache, { recursive: true, force: true });
	}
	return manifest;
}

/** What the install must leave: the package, no peer copy, and a `file:` entry that resolves. */
function checkInstalled(nodesDir: string, packageName: string, tarball: string): void {
	const packageDir = join(nodesDir, 'node_modules', packageName);
	if (!existsSync(join(packageDir, 'package.json'))) {
		throw new Error(`npm did not install ${packageName} into ${nodesDir}`);
	}
	for (const dir of [join(nodesDir, 'node_modules'), join(packageDir, 'node_modules')]) {
		if (existsSync(join(dir, 'n8n-workflow'))) {
			throw new Error(`n8n-workflow was installed into ${dir}: peer dependencies must stay out`);
		}
	}
	const root = JSON.parse(readFileSync(join(nodesDir, 'package.json'), 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	const spec = root.dependencies?.[packageName];
	if (spec !== `file:${tarball}` || !existsSync(join(nodesDir, tarball))) {
		throw new Error(`${nodesDir}/package.json records ${spec}, not the tarball beside it`);
	}
}
