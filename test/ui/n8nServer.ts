import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { N8nInstance } from '../e2e/harness';
import { freePort } from '../e2e/harness/ports';

/** The editor's login on the test instance: it only ever listens on 127.0.0.1. */
export const UI_OWNER = {
	email: 'ui-test@nano-banana.local',
	firstName: 'Nano',
	lastName: 'Banana',
	password: 'NanoBanana-ui-1',
};

export interface RunningN8n {
	baseUrl: string;
	/** n8n's own output, for a failed run. */
	logFile: string;
	stop(): Promise<void>;
}

async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForHealth(
	baseUrl: string,
	child: ChildProcess,
	timeoutMs: number,
): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited during start-up (${child.exitCode ?? child.signalCode})`);
		}
		const response = await fetch(`${baseUrl}/healthz/readiness`).catch(() => undefined);
		await response?.body?.cancel();
		if (response?.ok) return;
		await sleep(500);
	}
	throw new Error(`n8n did not become ready at ${baseUrl} within ${timeoutMs / 1000} s`);
}

/** Creates the owner through n8n's REST API, so the editor opens on a sign-in, not a sign-up. */
async function setUpOwner(baseUrl: string): Promise<void> {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(UI_OWNER),
	});
	if (!response.ok) {
		throw new Error(`owner set-up failed: HTTP ${response.status} ${await response.text()}`);
	}
}

/**
 * `n8n start` for an instance the e2e harness prepared (package installed, credentials and
 * workflows imported), on free ports, with its owner account set up. `stop()` ends it and
 * waits for it; the caller must call it on every path.
 */
export async function startN8nServer(n8n: N8nInstance): Promise<RunningN8n> {
	const port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const logFile = join(n8n.userFolder, 'n8n-start.log');
	const log = createWriteStream(logFile);
	const child = spawn(n8n.installed.node.bin, [n8n.installed.n8n.script, 'start'], {
		cwd: n8n.filesDir,
		env: {
			...n8n.env,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_EDITOR_BASE_URL: baseUrl,
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout?.pipe(log);
	child.stderr?.pipe(log);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			// n8n finishes running executions before it exits; a stuck one must not hang the run.
			const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(forced);
		}
		log.end();
	};
	try {
		await waitForHealth(baseUrl, child, 180_000);
		await setUpOwner(baseUrl);
	} catch (error) {
		await stop();
		throw error;
	}
	return { baseUrl, logFile, stop };
}
