import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

import { n8nEnv } from '../../test/e2e/harness/env';
import { prepareExampleFiles, readExamples } from '../../test/tooling/examples';
import { ensureLines } from '../../test/tooling/install';
import { selectedLines } from '../../test/tooling/lines';
import { setLogPrefix } from '../../test/tooling/log';
import { ensureOwner, N8nSession } from '../../test/tooling/n8nRest';
import { killGroup, stopGroup, waitForHttp, type GroupProcess } from '../../test/tooling/processes';
import { chooseFalTarget, type FalTarget } from './falTarget';
import { logTail, startN8n } from './n8nServer';
import { DEV_OWNER } from './owner';
import { ensurePackage } from './package';
import { ensureCredential, ensureExamples, type ProvisionedExample } from './provision';
import { say, seconds } from './say';
import { readSettings, REPO_ROOT } from './settings';
import { readState, writeState } from './state';
import { watchAndSync } from './sync';

/** n8n settings dev owns: the others (N8N_*) come from the user's shell. */
const DEV_OWNED = ['N8N_USER_FOLDER', 'N8N_ENCRYPTION_KEY'];

const children: GroupProcess[] = [];

/** A path as short as it can be said: relative inside the clone, absolute elsewhere. */
function shown(path: string): string {
	const inside = relative(REPO_ROOT, path);
	return inside.startsWith('..') ? path : inside;
}
let fal: FalTarget | undefined;
let stopping = false;

/**
 * Stops everything dev started and waits until each process (and everything it started, such as
 * n8n's task runner) has exited. A second Ctrl-C kills what is left at once.
 */
async function shutdown(exitCode: number, reason: string): Promise<never> {
	if (stopping) {
		say('second signal: killing what is left');
		for (const child of children) killGroup(child);
		process.exit(exitCode || 130);
	}
	stopping = true;
	const names = children.map((child) => child.name);
	say(
		`stopping (${reason}): waiting for ${[...names, ...(fal ? ['the fal emulator'] : [])].join(', ') || 'setup'} to exit; Ctrl-C again forces`,
	);
	await Promise.all(children.map((child) => stopGroup(child, { graceMs: 30_000 })));
	await fal?.close();
	say('stopped');
	process.exit(exitCode);
}

function banner(
	baseUrl: string,
	version: string,
	examples: ProvisionedExample[],
	logFile: string,
	started: number,
): string {
	const line = '='.repeat(78);
	const [first] = examples;
	const created = examples.filter((example) => example.action === 'created').length;
	const kept = examples.length - created;
	return [
		'',
		line,
		`  n8n ${version} is running at ${baseUrl}   (started in ${seconds(started)})`,
		`  Log in:  ${DEV_OWNER.email} / ${DEV_OWNER.password}`,
		...(first
			? [
					`  Start here (opens after the login): "${first.workflow.name}"`,
					`    ${baseUrl}/workflow/${first.id}`,
				]
			: []),
		`  fal requests go to ${fal?.label ?? ''}`,
		`  Example workflows (${created} added, ${kept} kept as they are in n8n; delete one in n8n`,
		'  and restart to get the shipped version back):',
		...examples.map(
			(example) => `    - ${example.workflow.name}: ${baseUrl}/workflow/${example.id}`,
		),
		`  Full n8n log: ${shown(logFile)}`,
		'  Editing nodes/ or credentials/ recompiles and n8n reloads the node.  Ctrl-C stops.',
		line,
		'',
	].join('\n');
}

async function main(): Promise<void> {
	const started = Date.now();
	setLogPrefix('dev');
	const settings = readSettings();
	process.on('SIGINT', () => void shutdown(130, 'SIGINT'));
	process.on('SIGTERM', () => void shutdown(143, 'SIGTERM'));
	process.on('SIGHUP', () => void shutdown(129, 'SIGHUP'));

	// The newest n8n line: the one users install today.
	const [installed] = await ensureLines(selectedLines().filter((line) => line.name === '2'));
	const userFolder = settings.folder;
	const filesDir = join(userFolder, 'files');
	mkdirSync(filesDir, { recursive: true });
	const logFile = join(userFolder, 'n8n.log');
	const state = readState(userFolder);

	const userN8nSettings = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => key.startsWith('N8N_') && !DEV_OWNED.includes(key),
		),
	);
	const env: NodeJS.ProcessEnv = {
		...n8nEnv(installed, userFolder, filesDir),
		N8N_DEV_RELOAD: 'true',
		...userN8nSettings,
		N8N_PORT: String(settings.port),
	};
	const packageDir = await ensurePackage(userFolder, env, state);
	writeState(userFolder, state);

	const examples = readExamples();
	const createdFiles = prepareExampleFiles(filesDir, examples);
	if (createdFiles.length)
		say(`created for the examples in ${shown(filesDir)}: ${createdFiles.join(', ')}`);

	fal = await chooseFalTarget(settings);
	say(
		`starting n8n ${installed.n8n.version} on Node ${installed.node.version} (log: ${shown(logFile)})`,
	);
	const n8n = startN8n(installed, env, filesDir, logFile);
	children.push(n8n);
	void n8n.exited.then((exit) => {
		if (stopping) return;
		process.stderr.write(`${logTail(logFile)}\n`);
		say(`n8n exited on its own (${exit.signal ?? `exit ${exit.code}`}); its log: ${logFile}`);
		void shutdown(1, 'n8n exited');
	});

	const baseUrl = `http://localhost:${settings.port}`;
	await waitForHttp(`${baseUrl}/healthz/readiness`, { alive: () => !n8n.exit });
	await ensureOwner(baseUrl, DEV_OWNER);
	const session = await N8nSession.login(baseUrl, DEV_OWNER);
	const credential = await ensureCredential(session, fal, state);
	writeState(userFolder, state);
	if (credential.action !== 'kept')
		say(`fal API credential ${credential.action}: it points at ${fal.short}`);
	const provisioned = await ensureExamples(session, examples, credential.id);

	children.push(watchAndSync(packageDir));
	process.stdout.write(banner(baseUrl, installed.n8n.version, provisioned, logFile, started));
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	void shutdown(1, 'setup failed');
});
