import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installCommunityPackage } from './communityPackage';
import type { InstalledLine } from './install';
import { n8nEnv } from './n8nEnv';

/** A fresh n8n user folder with the packed package installed with the README's install lines. */
export interface UserFolder {
	userFolder: string;
	/** The only folder file nodes may touch, and the working folder of every n8n command. */
	filesDir: string;
	env: NodeJS.ProcessEnv;
	/** The installed package's name: its node types are `<name>.<node>`. */
	packageName: string;
}

export async function createUserFolder(
	installed: InstalledLine,
	tarball: string,
	{ parent = tmpdir(), prefix = `n8n-e2e-${installed.line.name}-` } = {},
): Promise<UserFolder> {
	const userFolder = mkdtempSync(join(parent, prefix));
	const filesDir = join(userFolder, 'files');
	mkdirSync(filesDir);
	const env = n8nEnv(installed, userFolder, filesDir);
	const manifest = await installCommunityPackage(userFolder, tarball, env);
	return { userFolder, filesDir, env, packageName: manifest.name };
}
