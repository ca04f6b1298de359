import { join } from 'node:path';
import type { InstalledLine } from '../../tooling/install';
import { say, seconds } from '../../tooling/log';
import { CREDENTIAL_TYPE, VALID } from '../cases/credentials';
import { VALID_KEY } from '../emulator';
import { writeImportFile, completeWorkflow, workflowId } from '../harness/importing';
import { MainApi } from './api';
import { N8nDatabase } from './database';
import { startChildEmulator, type ChildEmulator } from './emulator';
import { activate, cli, prepareInstance, startInstance, type Instance } from './n8n';
import { startPostgres, type PostgresServer } from './postgres';
import type { SuiteProcesses } from '../../tooling/children';
import { startRedis, type RedisServer } from './redis';
import { queueWorkflows, WEBHOOK } from './workflows';

export type WorkflowKey = keyof typeof WEBHOOK;

/** Everything a queue-mode case may use; workers start one at a time (see `startWorker`). */
export interface QueueStack {
	installed: InstalledLine;
	group: SuiteProcesses;
	emu: ChildEmulator;
	redis: RedisServer;
	postgres: PostgresServer;
	db: N8nDatabase;
	api: MainApi;
	main: Instance;
	workers: Instance[];
	ids: Record<WorkflowKey, string>;
	startWorker(index: number): Promise<void>;
}

/**
 * Redis, PostgreSQL and the emulator, then three user folders with the packed package, the
 * credential and workflows imported and activated through the CLI, and the main started.
 */
export async function startStack(
	installed: InstalledLine,
	tarball: string,
	group: SuiteProcesses,
	root: string,
): Promise<QueueStack> {
	let started = Date.now();
	const [redis, postgres, emu] = await Promise.all([
		startRedis(group),
		startPostgres(group, join(root, 'postgres')),
		startChildEmulator(group, 1000),
	]);
	say(
		`Redis ${redis.version} on ${redis.port}, PostgreSQL ${postgres.version} (${postgres.source}) on ${postgres.port}, fal emulator at ${emu.proxyUrl} (${seconds(started)})`,
	);

	started = Date.now();
	const backends = { postgres, redis };
	const main = await prepareInstance(installed, tarball, 'main', root, backends);
	const workers = [
		await prepareInstance(installed, tarball, 'worker-1', root, backends),
		await prepareInstance(installed, tarball, 'worker-2', root, backends),
	];
	say(`package installed into 3 user folders (${seconds(started)})`);

	started = Date.now();
	const credentials = [
		{ ...VALID, type: CREDENTIAL_TYPE, data: { apiKey: VALID_KEY, proxyUrl: emu.proxyUrl } },
	];
	await cli(installed, main, [
		'import:credentials',
		`--input=${writeImportFile(main.userFolder, 'credentials', credentials)}`,
	]);
	const workflows = queueWorkflows(`${main.packageName}.nanoBanana`);
	const keys = Object.keys(workflows) as WorkflowKey[];
	const ids = Object.fromEntries(keys.map((key, i) => [key, workflowId(900 + i)])) as Record<
		WorkflowKey,
		string
	>;
	const file = writeImportFile(
		main.userFolder,
		'workflows',
		keys.map((key) => completeWorkflow(workflows[key], ids[key])),
	);
	await cli(installed, main, ['import:workflow', `--input=${file}`]);
	await activate(installed, main, Object.values(ids));
	say(`credential and ${keys.length} workflows imported and activated (${seconds(started)})`);

	started = Date.now();
	await startInstance(group, installed, main);
	const api = new MainApi(`http://127.0.0.1:${main.port}`);
	await api.setUpOwner();
	for (const path of Object.values(WEBHOOK)) await api.waitForWebhook(path);
	say(`main ready on ${main.port}, webhooks registered (${seconds(started)})`);

	const db = new N8nDatabase(await postgres.connect());
	return {
		installed,
		group,
		emu,
		redis,
		postgres,
		db,
		api,
		main,
		workers,
		ids,
		async startWorker(index: number) {
			const at = Date.now();
			await startInstance(group, installed, workers[index]);
			say(`${workers[index].role} ready (${seconds(at)})`);
		},
	};
}
