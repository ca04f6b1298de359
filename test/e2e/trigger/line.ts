import { createHash } from 'node:crypto';
import { join } from 'node:path';

import { EmulatorControl } from '../../emulator';
import type { SuiteProcesses } from '../../tooling/children';
import type { InstalledLine } from '../../tooling/install';
import { say } from '../../tooling/log';
import { runN8nOk } from '../../tooling/n8nCli';
import { startN8nServer, type N8nServer } from '../../tooling/n8nServer';
import { freePort } from '../../tooling/processes';
import { sleep } from '../../tooling/wait';
import { CREDENTIAL_TYPE, VALID } from '../cases/credentials';
import { VALID_KEY, type Emulator } from '../emulator';
import { N8nInstance } from '../harness';
import { MainApi } from '../queue/api';
import type { Report } from '../report';
import { triggerCases } from './cases';
import { pairCases } from './pairCases';
import type { Sink } from './sink';
import { openRest, type TriggerRest } from './rest';
import {
	IGNORING_WEBHOOK_ID,
	PAIR_PROMPTS,
	submitWorkflow,
	TRIGGER_PATH,
	triggerPath,
	triggerWorkflow,
} from './workflow';

export interface TriggerLineArgs {
	installed: InstalledLine;
	tarball: string;
	emu: Emulator;
	sink: Sink;
	sinkUrl: string;
	report: Report;
	children: SuiteProcesses;
}

/** What each case gets: the emulator, the sink, n8n's production URL, and n8n to stop and start. */
export interface TriggerContext {
	emu: Emulator;
	control: EmulatorControl;
	sink: Sink;
	hookUrl: string;
	/** The production URL of a second trigger workflow, with Ignore Failed Jobs on. */
	ignoringHookUrl: string;
	/** n8n's REST API as the signed-in owner, and the suite's workflow ids. */
	rest(): Promise<TriggerRest>;
	stopN8n(): Promise<void>;
	startN8n(): Promise<void>;
	/** Submits to fal's queue directly (as the action node does without waiting), with fal_webhook. */
	submit(prompt: string, hookUrl?: string): Promise<string>;
	/** The bytes of the image the emulator made for a job. */
	imageOf(requestId: string): Buffer;
}

export function sha(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export async function runTriggerLine(args: TriggerLineArgs): Promise<void> {
	const { installed, tarball, emu, sink, sinkUrl, report, children } = args;
	const label = `n8n ${installed.n8n.version}`;
	let n8n: N8nInstance | undefined;
	try {
		n8n = await N8nInstance.create(installed, tarball);
		await n8n.importCredentials([
			{ ...VALID, type: CREDENTIAL_TYPE, data: { apiKey: VALID_KEY, proxyUrl: emu.proxyUrl } },
		]);
		const port = await freePort();
		const hookUrl = `http://127.0.0.1:${port}/webhook/${TRIGGER_PATH}`;
		const ignoringPath = triggerPath(IGNORING_WEBHOOK_ID);
		const ids = await n8n.importWorkflows([
			triggerWorkflow(n8n.packageName, sinkUrl),
			triggerWorkflow(n8n.packageName, sinkUrl, {
				webhookId: IGNORING_WEBHOOK_ID,
				options: { ignoreFailedJobs: true },
				name: 'Nano Banana Trigger, failed jobs ignored (e2e)',
			}),
			submitWorkflow(n8n.packageName, hookUrl, PAIR_PROMPTS),
		]);
		const env = {
			...n8n.env,
			...(installed.line.name === '2' ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		};
		// 2.x publishes a version; 1.x has the active flag. Both before the server starts.
		for (const id of ids.slice(0, 2)) {
			const activate =
				installed.line.name === '1'
					? ['update:workflow', `--id=${id}`, '--active=true']
					: ['publish:workflow', `--id=${id}`];
			await runN8nOk(
				installed,
				{ ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
				activate,
				{ cwd: n8n.filesDir },
			);
		}
		let server: N8nServer | undefined;
		let boots = 0;
		const folder = n8n;
		const startN8n = async () => {
			server = await startN8nServer(children, installed, {
				name: `n8n-${installed.line.name}-${++boots}`,
				env,
				cwd: folder.filesDir,
				port,
				logFile: join(folder.userFolder, `n8n-${boots}.log`),
			});
			for (const path of [TRIGGER_PATH, ignoringPath]) {
				await new MainApi(server.baseUrl).waitForWebhook(path);
				await triggerAnswers(`${server.baseUrl}/webhook/${path}`);
			}
		};
		const stopN8n = async () => await server?.process.stop();
		await startN8n();
		let rest: Promise<TriggerRest> | undefined;
		const workflows = { trigger: ids[0], ignoring: ids[1], submit: ids[2] };
		say(`${label}: trigger active at ${hookUrl}`);
		const ctx: TriggerContext = {
			emu,
			control: new EmulatorControl(emu.url),
			sink,
			hookUrl,
			ignoringHookUrl: `http://127.0.0.1:${port}/webhook/${ignoringPath}`,
			rest: async () => await (rest ??= openRest(`http://127.0.0.1:${port}`, installed, workflows)),
			startN8n,
			stopN8n,
			submit: async (prompt, url = hookUrl) => await submitWithWebhook(emu.proxyUrl, url, prompt),
			imageOf: (requestId) => {
				const url = emu.jobs.get(requestId)?.output?.images[0]?.url ?? '';
				const file = emu.media.get(url);
				if (!file) throw new Error(`the emulator made no image for ${requestId}`);
				return file.bytes;
			},
		};
		for (const c of [...triggerCases, ...pairCases]) {
			const started = Date.now();
			try {
				await c.run(ctx);
				report.pass(label, c.name, Date.now() - started);
			} catch (error) {
				report.fail(label, c.name, Date.now() - started, error);
			}
		}
		await stopN8n();
	} catch (error) {
		report.fail(label, 'trigger: setup', 0, error);
	} finally {
		if (n8n && !report.failed) n8n.dispose();
		else if (n8n) say(`${label}: user folder kept for inspection: ${n8n.userFolder}`);
	}
}

/**
 * Ready when the trigger itself answers: an unsigned POST gets its 401. 1.x may still answer 404
 * for a moment after the webhook's GET already names the POST it expects.
 */
async function triggerAnswers(url: string, timeoutMs = 60_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	let last = 0;
	while (Date.now() < until) {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ request_id: 'readiness-probe', status: 'OK', payload: null }),
		}).catch(() => undefined);
		await response?.body?.cancel();
		last = response?.status ?? 0;
		if (last === 401) return;
		await sleep(250);
	}
	throw new Error(
		`the trigger at ${url} never answered an unsigned delivery with 401 (last ${last})`,
	);
}

/** A paid submit to fal's queue with `fal_webhook`, as a client that does not wait sends it. */
export async function submitWithWebhook(
	proxyUrl: string,
	hookUrl: string,
	prompt: string,
): Promise<string> {
	const target = `https://queue.fal.run/fal-ai/nano-banana?fal_webhook=${encodeURIComponent(hookUrl)}`;
	const response = await fetch(proxyUrl, {
		method: 'POST',
		headers: {
			'x-fal-target-url': target,
			authorization: `Key ${VALID_KEY}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify({ prompt }),
	});
	const body = (await response.json()) as { request_id?: string };
	if (!response.ok || !body.request_id) throw new Error(`submit answered ${response.status}`);
	return body.request_id;
}
