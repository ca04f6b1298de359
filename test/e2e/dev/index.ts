import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_KEY } from '../../emulator';
import { PROXY_PATH } from '../../emulator/router';
import { readExamples, startingTrigger, type Example } from '../../tooling/examples';
import type { SuiteProcesses } from '../../tooling/children';
import type { InstalledLine } from '../../tooling/install';
import { say } from '../../tooling/log';
import { N8nSession } from '../../tooling/n8nRest';
import { freePort, portInUse, stillRunning } from '../../tooling/processes';
import { nodeItems } from '../harness';
import type { Report } from '../report';
import { DevProcess, type Banner, type StopBy } from './devProcess';
import { runWorkflow } from './executions';
import { checkImageItems } from './images';
import { checkReceived } from './pair';

interface WorkflowNode {
	name: string;
	type: string;
	parameters?: Record<string, unknown>;
}

interface Setup {
	installed: InstalledLine;
	folder: string;
	ports: { n8n: number; emulator: number; broker: number };
	env: NodeJS.ProcessEnv;
}

async function login(banner: Banner): Promise<N8nSession> {
	return await N8nSession.login(banner.baseUrl, {
		email: banner.email,
		password: banner.password,
		firstName: '',
		lastName: '',
	});
}

async function workflowByName(session: N8nSession, name: string) {
	const list = await session.call<Array<{ id: string; name: string }>>('GET', '/workflows');
	const found = list.find((workflow) => workflow.name === name);
	assert.ok(found, `n8n has no workflow "${name}"; it has: ${list.map((w) => w.name).join(', ')}`);
	return await session.call<{ id: string; nodes: WorkflowNode[]; versionId?: string }>(
		'GET',
		`/workflows/${found.id}`,
	);
}

/**
 * Runs one example from its Manual Trigger and checks every Nano Banana node made images; one
 * with Wait for Result off returns request ids, and the receiving example gets the images.
 * The receiving example itself starts from fal's calls, not from a click: it is run that way.
 */
async function checkExample(
	setup: Setup,
	session: N8nSession,
	example: Example,
	examples: Example[],
): Promise<number> {
	if (startingTrigger(example.workflow)) return 0;
	let received = 0;
	const workflow = await workflowByName(session, example.workflow.name);
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	assert.ok(trigger, `${example.file} has no Manual Trigger`);
	const { status, run } = await runWorkflow(session, setup.installed, workflow.id, trigger.name);
	const error = run.data.resultData.error as { message?: string } | undefined;
	assert.equal(status, 'success', `${example.file}: ${error?.message ?? status}`);

	const nanoBananas = workflow.nodes.filter((node) => node.type.endsWith('.nanoBanana'));
	assert.ok(nanoBananas.length, `${example.file} has no Nano Banana node`);
	for (const node of nanoBananas) {
		const items = nodeItems(run, node.name);
		assert.ok(items.length, `${example.file}: ${node.name} output nothing`);
		if (node.parameters?.waitForResult === false) {
			assert.ok(
				items.every((item) => item.json.requestId && !item.binary),
				`${example.file}: ${node.name} did not return request ids alone`,
			);
			await checkReceived(
				session,
				setup.installed,
				examples,
				items,
				async (name) => await workflowByName(session, name),
			);
			received++;
			continue;
		}
		await checkImageItems(session, `${example.file}: ${node.name}`, items);
	}
	const writers = workflow.nodes.filter(
		(node) =>
			node.type === 'n8n-nodes-base.readWriteFile' && node.parameters?.operation === 'write',
	);
	for (const writer of writers) {
		for (const item of nodeItems(run, writer.name)) {
			const file = join(setup.folder, 'files', String(item.json.fileName));
			assert.ok(existsSync(file) && readFileSync(file).length, `${writer.name} wrote no ${file}`);
		}
	}
	return received;
}

/** What Nano Banana says when the Read node passes on an empty item (README, Usage). */
const MISSING_INPUT_MESSAGE = 'No image to edit';

/** An example whose input file is missing must fail, not report success having done nothing. */
async function checkMissingInputFails(
	setup: Setup,
	session: N8nSession,
	example: Example,
): Promise<boolean> {
	const reader = example.workflow.nodes.find(
		(node) =>
			node.type === 'n8n-nodes-base.readWriteFile' &&
			node.parameters?.operation !== 'write' &&
			typeof node.parameters?.fileSelector === 'string',
	);
	if (!reader) return false;
	const file = join(setup.folder, 'files', String(reader.parameters?.fileSelector));
	renameSync(file, `${file}.away`);
	try {
		const workflow = await workflowByName(session, example.workflow.name);
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger')!;
		const { status, run } = await runWorkflow(session, setup.installed, workflow.id, trigger.name);
		assert.equal(status, 'error', `${example.file} reported "${status}" without its input file`);
		// Failing is not enough: it must fail at the node, with the message the README quotes.
		const error = run.data.resultData.error;
		const message = typeof error?.message === 'string' ? error.message : '';
		assert.match(
			message,
			new RegExp(`^${MISSING_INPUT_MESSAGE}`),
			`${example.file} failed without its input file, but not with "${MISSING_INPUT_MESSAGE}": ${JSON.stringify(error)}`,
		);
	} finally {
		renameSync(`${file}.away`, file);
	}
	return true;
}

/** What the terminal must not show: stack traces, doubled prefixes, a rebuild nobody asked for. */
function checkQuietTerminal(dev: DevProcess): void {
	const noisy = dev.output.filter(
		(line) => /^\s+at /.test(line) || /\[(\w+)\] \[\1\]/.test(line) || /rebuilt/.test(line),
	);
	assert.deepEqual(noisy, [], 'the terminal shows noise');
}

/** Stopped `how`, nothing of dev may remain and its ports must be free. */
async function checkStops(setup: Setup, dev: DevProcess, how: StopBy): Promise<void> {
	const seen = dev.snapshot();
	const commands = seen.map((info) => info.command);
	for (const [what, pattern] of [
		['n8n', /n8n\/bin\/n8n start/],
		["n8n's task runner", /task-runner/],
		['tsc --watch', /tsc .*--watch/],
	] as const) {
		assert.ok(
			commands.some((command) => pattern.test(command)),
			`${what} was not running: ${commands.join('\n')}`,
		);
	}
	await dev.stop(how, 90_000);
	// The dev script must itself wait for everything it started: once it has exited, nothing
	// may be left (the wait is a bound for a slow exit, not a speed requirement).
	const script = seen.filter((info) => /scripts\/dev\/run\.ts/.test(info.command));
	assert.ok(script.length, 'the dev script was not running');
	await dev.leftovers(30_000, script);
	assert.deepEqual(
		stillRunning(seen).map((info) => `${info.pid} ${info.command}`),
		[],
		'processes of npm run dev outlived its script',
	);
	for (const [name, port] of Object.entries(setup.ports)) {
		assert.equal(await portInUse(port), false, `port ${port} (${name}) is still in use`);
	}
	assert.ok(
		dev.output.some((line) => /\[dev\] stopped/.test(line)),
		`dev did not report its stop:\n${dev.tail(10)}`,
	);
}

/**
 * `npm run dev` as a user runs it: a first start on free ports in a fresh dev folder, every
 * example executed through n8n's REST API, Ctrl-C; then a second start that must keep what the
 * user changed and skip the unchanged build, stopped by SIGTERM to npm alone; then one start each
 * stopped by SIGINT and by SIGHUP to npm alone.
 */
export async function runDevCases(
	installed: InstalledLine,
	report: Report,
	children: SuiteProcesses,
): Promise<void> {
	const label = `dev, n8n ${installed.n8n.version}`;
	const folder = mkdtempSync(join(tmpdir(), 'n8n-e2e-dev-'));
	const ports = { n8n: await freePort(), emulator: await freePort(), broker: await freePort() };
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NANO_BANANA_DEV_FOLDER: folder,
		N8N_PORT: String(ports.n8n),
		FAL_EMULATOR_PORT: String(ports.emulator),
		N8N_RUNNERS_BROKER_PORT: String(ports.broker),
	};
	delete env.FAL_KEY;
	delete env.FAL_PROXY_URL;
	const setup: Setup = { installed, folder, ports, env };
	const examples = readExamples();
	let failed = false;

	const runCase = async (name: string, body: () => Promise<void>) => {
		const started = Date.now();
		try {
			await body();
			report.pass(label, name, Date.now() - started);
		} catch (error) {
			failed = true;
			report.fail(label, name, Date.now() - started, error);
		}
	};

	say(`${label}: npm run dev on ports ${Object.values(ports).join(', ')} in ${folder}`);
	// If the suite is stopped, each dev run gets Ctrl-C like a user's, then whatever it left is
	// killed by PID.
	const start = () => {
		const started = DevProcess.start(env);
		children.defer('what npm run dev left', async () => await started.cleanUp());
		children.adopt(started.npm, { signal: 'SIGINT', graceMs: 60_000 });
		return started;
	};
	let dev = start();
	let changedPrompt = '';
	try {
		let banner: Banner | undefined;
		await runCase(
			'dev: first start prepares and adds every example; each gives images',
			async () => {
				banner = await dev.banner(600_000);
				assert.equal(
					banner.examples.length,
					examples.length,
					'the banner does not list every example',
				);
				assert.ok(banner.firstLink.includes('/workflow/'), `odd first link ${banner.firstLink}`);
				// The offline first image: which credential to pick, and what a new one needs.
				const text = dev.output.join('\n');
				assert.match(text, /pick the ready-made "Fal API"/, 'the banner names no credential');
				assert.ok(
					text.includes(
						`API Key ${DEFAULT_KEY}, Proxy URL http://127.0.0.1:${ports.emulator}${PROXY_PATH}`,
					),
					`the banner does not say what a new credential needs:\n${dev.tail()}`,
				);
				// N8N_* variables from the shell reach n8n: its task broker listens where it was told.
				assert.ok(await portInUse(ports.broker), 'N8N_RUNNERS_BROKER_PORT did not reach n8n');
				const session = await login(banner);
				let loud = 0;
				let received = 0;
				for (const example of examples) {
					received += await checkExample(setup, session, example, examples);
					if (await checkMissingInputFails(setup, session, example)) loud++;
				}
				assert.ok(loud > 0, 'no example reads a file, so the missing-input check ran nowhere');
				if (examples.some((example) => startingTrigger(example.workflow)))
					assert.ok(received > 0, 'no example submitted to the trigger-started one');
				// The user edits an example; the next start must keep the edit.
				const first = await workflowByName(session, examples[0].workflow.name);
				const node = first.nodes.find((n) => n.type.endsWith('.nanoBanana'))!;
				changedPrompt = `edited by the user ${Date.now()}`;
				node.parameters = { ...node.parameters, prompt: changedPrompt };
				await session.call('PATCH', `/workflows/${first.id}`, {
					nodes: first.nodes,
					versionId: first.versionId,
				});
				checkQuietTerminal(dev);
			},
		);
		await runCase(
			'dev: Ctrl-C stops n8n, its task runner, tsc and the emulator, and frees the ports',
			async () => await checkStops(setup, dev, 'Ctrl-C'),
		);

		// Whatever the first start left behind must not outlive the suite.
		await dev.cleanUp();
		dev = start();
		await runCase(
			'dev: a second start skips the unchanged build, keeps the edited example; SIGTERM to the npm process alone stops it',
			async () => {
				const again = await dev.banner(300_000);
				assert.ok(
					dev.output.some((line) => /build and install skipped/.test(line)),
					`the unchanged package was built again:\n${dev.tail()}`,
				);
				assert.ok(
					dev.output.some((line) => new RegExp(`0 added, ${examples.length} kept`).test(line)),
					`examples were not all kept:\n${dev.tail()}`,
				);
				const session = await login(again);
				const first = await workflowByName(session, examples[0].workflow.name);
				const prompts = first.nodes.map((n) => n.parameters?.prompt);
				assert.ok(prompts.includes(changedPrompt), "the user's edit was overwritten");
				checkQuietTerminal(dev);
				await checkStops(setup, dev, 'SIGTERM');
			},
		);
		// What process managers and editors' stop buttons send: one signal to npm alone.
		for (const signal of ['SIGINT', 'SIGHUP'] as const) {
			await dev.cleanUp();
			dev = start();
			await runCase(
				`dev: ${signal} to the npm process alone stops everything dev started`,
				async () => {
					await dev.banner(300_000);
					await checkStops(setup, dev, signal);
				},
			);
		}
	} finally {
		await dev.cleanUp();
		if (failed) say(`${label}: dev folder kept for inspection: ${folder}`);
		else rmSync(folder, { recursive: true, force: true });
	}
}
