import type { SuiteProcess, SuiteProcesses } from './children';
import type { InstalledLine } from './install';
import { ensureOwner, type N8nOwner } from './n8nRest';
import { freePort, waitForHttp } from './processes';

export interface N8nServerOptions {
	/** The child's name in logs and reports; default `n8n`. */
	name?: string;
	/** n8n's environment for its user folder (see `n8nEnv`). */
	env: NodeJS.ProcessEnv;
	/** Working folder: relative paths in file nodes resolve against it. */
	cwd: string;
	/** The HTTP port; a free one unless given. */
	port?: number;
	logFile?: string;
	/** Set up as the owner once n8n answers, so the editor shows a sign-in, not a sign-up. */
	owner?: N8nOwner;
}

export interface N8nServer {
	process: SuiteProcess;
	port: number;
	baseUrl: string;
}

/**
 * `n8n start` as a child of `children`, in its own process group, listening on 127.0.0.1 only,
 * with a task broker port of its own; resolves once `/healthz/readiness` answers (both n8n
 * lines have it). The caller's `stopAll` stops it: SIGTERM lets n8n finish running executions
 * and stop its task runner, SIGKILL to the group follows after 20 s.
 */
export async function startN8nServer(
	children: SuiteProcesses,
	installed: InstalledLine,
	{ name = 'n8n', env, cwd, port, logFile, owner }: N8nServerOptions,
): Promise<N8nServer> {
	const chosen = port ?? (await freePort());
	const baseUrl = `http://127.0.0.1:${chosen}`;
	const p = children.start(name, installed.node.bin, [installed.n8n.script, 'start'], {
		env: {
			...env,
			N8N_PORT: String(chosen),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_EDITOR_BASE_URL: baseUrl,
			N8N_SECURE_COOKIE: 'false',
			// 2.x starts a task broker in every process, on 5679 unless told.
			N8N_RUNNERS_BROKER_PORT: env.N8N_RUNNERS_BROKER_PORT ?? String(await freePort()),
		},
		cwd,
		logFile,
		stopSignal: 'SIGTERM',
		graceMs: 20_000,
	});
	try {
		await waitForHttp(`${baseUrl}/healthz/readiness`, { alive: () => !p.exited });
	} catch (error) {
		throw new Error(`${name}: ${(error as Error).message}\n${p.tail()}`);
	}
	if (owner) await ensureOwner(baseUrl, owner);
	return { process: p, port: chosen, baseUrl };
}
