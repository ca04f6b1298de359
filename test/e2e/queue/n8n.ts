import type { SuiteProcess, SuiteProcesses } from '../../tooling/children';
import type { InstalledLine } from '../../tooling/install';
import { runN8nOk } from '../../tooling/n8nCli';
import { startN8nServer } from '../../tooling/n8nServer';
import { freePort } from '../../tooling/processes';
import { createUserFolder, type UserFolder } from '../../tooling/userFolder';
import type { PostgresServer } from './postgres';
import type { RedisServer } from './redis';

/**
 * Bull's lock and stalled-job check, shortened from 60 s / 30 s so that what n8n does with the
 * job of a killed worker shows within the run. n8n sets maxStalledCount 0: a stalled job fails
 * instead of running again elsewhere.
 */
export const BULL_TIMINGS = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

export const WORKER_CONCURRENCY = 10;

export type Role = 'main' | 'worker-1' | 'worker-2';

/** One n8n process's own user folder (package installed with the README's install lines). */
export interface Instance extends UserFolder {
	role: Role;
	/** The main's HTTP port; a worker's health-check port. */
	port: number;
	process?: SuiteProcess;
}

export interface Backends {
	postgres: PostgresServer;
	redis: RedisServer;
}

export async function prepareInstance(
	installed: InstalledLine,
	tarball: string,
	role: Role,
	root: string,
	{ postgres, redis }: Backends,
): Promise<Instance> {
	const folder = await createUserFolder(installed, tarball, { parent: root, prefix: `${role}-` });
	const port = await freePort();
	const env: NodeJS.ProcessEnv = {
		...folder.env,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		...BULL_TIMINGS,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		// Every process needs its own ports: 2.x starts a task broker in each of them.
		N8N_PORT: String(port),
		QUEUE_HEALTH_CHECK_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		// Binary data mode stays n8n's default for queue mode: 2.x `database`, 1.x `default`.
		// 2.x's MCP registry would try to reach the internet at start; 1.x has no such module.
		...(installed.line.name === '2' ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
	};
	return { ...folder, role, env, port };
}

/** One CLI command against the shared database, with a broker port of its own. */
export async function cli(installed: InstalledLine, instance: Instance, args: string[]) {
	const env = { ...instance.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	return await runN8nOk(installed, env, args, { cwd: instance.filesDir });
}

/** Marks imported workflows active so the main registers their webhooks when it starts. */
export async function activate(installed: InstalledLine, main: Instance, ids: string[]) {
	// 2.x publishes a version; 1.x has the active flag. Both only before the main starts.
	const args = (id: string) =>
		installed.line.name === '1'
			? ['update:workflow', `--id=${id}`, '--active=true']
			: ['publish:workflow', `--id=${id}`];
	// Each command boots n8n; side by side they take the time of about two.
	await Promise.all(ids.map(async (id) => await cli(installed, main, args(id))));
}

/**
 * The main as an n8n server (ready when it answers on its port), or a worker (ready when it
 * says so: its health-check server is off by default).
 */
export async function startInstance(
	group: SuiteProcesses,
	installed: InstalledLine,
	instance: Instance,
): Promise<SuiteProcess> {
	const name = `n8n-${instance.role}`;
	if (instance.role === 'main') {
		const server = await startN8nServer(group, installed, {
			name,
			env: instance.env,
			cwd: instance.filesDir,
			port: instance.port,
		});
		instance.process = server.process;
		return server.process;
	}
	const args = [installed.n8n.script, 'worker', `--concurrency=${WORKER_CONCURRENCY}`];
	const p = group.start(name, installed.node.bin, args, {
		env: instance.env,
		cwd: instance.filesDir,
		stopSignal: 'SIGTERM',
		graceMs: 20_000,
	});
	instance.process = p;
	await p.waitFor(/n8n worker is now ready/, 180_000);
	return p;
}

/** Execution ids a worker's log says it started (n8n logs `Worker started execution <id>`). */
export function executionsStartedBy(instance: Instance): string[] {
	const output = instance.process?.output ?? '';
	return [...output.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
}
