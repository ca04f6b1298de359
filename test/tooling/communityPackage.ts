import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * The README's install, word for word (test/unit/readmeClaims.test.ts holds the README to it):
 * run in `~/.n8n/nodes` with the release tarball beside it. `--omit=peer` keeps a second
 * `n8n-workflow` out of the folder (a second copy breaks `instanceof` against n8n's own classes);
 * `--legacy-peer-deps` stops npm resolving that peer at all, which is what lets it run without
 * registry access (`--omit=peer` alone still asks the registry and fails offline).
 */
export const INSTALL_ARGS = ['install', '--omit=peer', '--legacy-peer-deps'];

/** The tarball `npm pack` writes for a manifest, as a release attaches it. */
export const tarballName = (manifest: { name: string; version: string }) =>
	`${manifest.name}-${manifest.version}.tgz`;

/** The command line the README shows, for a tarball lying in the nodes folder. */
export const installCommandLine = (tarball: string) => `npm ${INSTALL_ARGS.join(' ')} ./${tarball}`;

interface Manifest {
	name: string;
	version: string;
	[key: string]: unknown;
}

/**
 * Installs a packed community package into `<user folder>/.n8n/nodes` as the README tells users:
 * the tarball copied into that folder (so the `file:` entry npm records in its package.json keeps
 * resolving when n8n's Community Nodes installer adds another package), then the README's
 * command, offline and with an empty npm cache: what it needs, it finds in the tarball.
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
		await exec('npm', [...INSTALL_ARGS, `./${name}`], {
			cwd: nodesDir,
			env: { ...env, npm_config_offline: 'true', npm_config_cache: emptyCache },
		});
	} finally {
		rmSync(emptyCache, { recursive: true, force: true });
	}
	checkInstalled(nodesDir, manifest.name, name);
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
