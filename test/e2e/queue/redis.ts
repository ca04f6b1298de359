import { execFileSync } from 'node:child_process';
import { freePort } from '../../tooling/processes';
import type { SuiteProcesses } from '../../tooling/children';

export const REDIS_SERVER = process.env.N8N_E2E_REDIS_SERVER ?? 'redis-server';

export interface RedisServer {
	port: number;
	version: string;
}

/** Debian's `redis-server` on a free port: no persistence, nothing kept after the run. */
export async function startRedis(group: SuiteProcesses): Promise<RedisServer> {
	let version: string;
	try {
		version =
			/v=(\S+)/.exec(execFileSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }))?.[1] ?? '?';
	} catch {
		throw new Error(
			`${REDIS_SERVER} not found: install Debian's redis-server (apt-get install -y redis-server)`,
		);
	}
	const port = await freePort();
	const redis = group.start(
		'redis',
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stopSignal: 'SIGTERM', graceMs: 5_000 },
	);
	await redis.waitFor(/Ready to accept connections/, 20_000);
	return { port, version };
}
