import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

import { n8nEnv } from '../../test/tooling/n8nEnv';
import { prepareExampleFiles, readExamples } from '../../test/tooling/examples';
import { ensureLines } from '../../test/tooling/install';
import { selectedLines } from '../../test/tooling/lines';
import { SuiteProcesses } from '../../test/tooling/children';
import { setLogPrefix } from '../../test/tooling/log';
import { ensureOwner, N8nSession } from '../../test/tooling/n8nRest';
import { waitForHttp } from '../../test/tooling/processes';
import { banner } from './banner';
import { chooseFalTarget } from './falTarget';
import { logTail, startN8n } from './n8nServer';
import { DEV_OWNER } from './owner';
import { ensurePackage } from './package';
import { stopWithParent } from './parent';
import { CREDENTIAL_NAME, ensureCredential, ensureExamples } from './provision';
import { say } from './say';
import { readSettings, REPO_ROOT } from './settings';
import { readState, writeState } from './state';
import { watchAndSync } from './sync';

/** n8n settings dev owns: the other N8N_* variables come from the user's shell. */
const DEV_OWNED = ['N8N_USER_FOLDER', 'N8N_ENCRYPTION_KEY'];

/** A path as short as it can be said: relative inside the clone, absolute elsewhere. */
function shown(path: string): string {
	const inside = relative(REPO_ROOT, path);
	return inside.startsWith('..') ? path : inside;
}

async function main(life: SuiteProcesses): Promise<void> {
	const started = Date.now();
	const settings = readSettings();

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

	const fal = await chooseFalTarget(settings);
	if (!settings.falKey) life.defer('the fal emulator', fal.close);
	if (life.isStopping) return;
	say(`starting n8n ${installed.n8n.version} on Node ${installed.node.version}`);
	// The whole group gets SIGTERM: n8n and its task runner each finish their own work.
	const n8n = life.adopt(startN8n(installed, env, filesDir, logFile), { graceMs: 30_000 });
	void n8n.exited.then((exit) => {
		if (life.isStopping) return;
		process.stderr.write(`${logTail(logFile)}\n`);
		say(`n8n exited on its own (${exit.signal ?? `exit ${exit.code}`}); full log: ${logFile}`);
		void life.stop(1, 'n8n exited');
	});

	const baseUrl = `http://localhost:${settings.port}`;
	await waitForHttp(`${baseUrl}/healthz/readiness`, { alive: () => !n8n.exit });
	await ensureOwner(baseUrl, DEV_OWNER);
	const session = await N8nSession.login(baseUrl, DEV_OWNER);
	const credential = await ensureCredential(session, fal, state);
	writeState(userFolder, state);
	if (credential.action !== 'kept')
		say(`Fal API credential ${credential.action}: it points at ${fal.short}`);
	const provisioned = await ensureExamples(session, examples, credential.id, baseUrl);

	if (life.isStopping) return;
	life.adopt(watchAndSync(packageDir), { graceMs: 30_000 });
	process.stdout.write(
		banner({
			baseUrl,
			version: installed.n8n.version,
			login: DEV_OWNER,
			falLabel: fal.label,
			credentialName: CREDENTIAL_NAME,
			newCredential: fal.newCredential,
			examples: provisioned,
			logFile: shown(logFile),
			started,
		}),
	);
}

setLogPrefix('dev');
const life = new SuiteProcesses();
stopWithParent(life);
main(life).catch((error: unknown) => {
	if (life.isStopping) return;
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	void life.stop(1, 'set-up failed');
});
