import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureLines } from '../../tooling/install';
import { selectedLines } from '../../tooling/lines';
import { say } from '../../tooling/log';
import { buildAndPack } from '../pack';
import { Report } from '../report';
import { queueCases } from './cases';
import { ProcessGroup } from './processes';
import { measureThroughput, scalingSummary, warmUp, type Throughput } from './scaling';
import { startStack, type QueueStack } from './stack';

/**
 * `npm run test:e2e:queue`: n8n 2.x in queue mode — Redis, PostgreSQL, one main and two
 * workers, each with the packed package in its own user folder — driven through webhooks
 * against the fal emulator. Every process is the suite's child and is stopped at the end.
 */
async function main(): Promise<number> {
	const started = Date.now();
	const [installed] = await ensureLines(selectedLines().filter((line) => line.name === '2'));
	const label = `n8n ${installed.n8n.version} queue mode`;
	const tarball = buildAndPack();
	const root = mkdtempSync(join(tmpdir(), 'n8n-e2e-queue-'));
	// PostgreSQL runs unprivileged when the suite is root, and must reach its data folder.
	chmodSync(root, 0o755);
	const logDir = join(root, 'logs');
	mkdirSync(logDir);
	const group = new ProcessGroup(logDir);
	const report = new Report();
	let stack: QueueStack | undefined;
	let scaling: [Throughput, Throughput] | undefined;
	try {
		stack = await startStack(installed, tarball, group, root);

		// One worker first, so the same load can be timed with one and with two.
		await stack.startWorker(0);
		await warmUp(stack);
		const one = await measureThroughput(stack, 1);
		await stack.startWorker(1);
		const two = await measureThroughput(stack, 2);
		scaling = [one, two];

		for (const c of queueCases) {
			const at = Date.now();
			try {
				await c.run(stack);
				report.pass(label, c.name, Date.now() - at);
			} catch (error) {
				report.fail(label, c.name, Date.now() - at, error);
			}
		}
	} catch (error) {
		report.fail(label, 'queue-mode set-up', Date.now() - started, error);
		for (const p of group.running()) say(`${p.name} (pid ${p.pid}) last output:\n${p.tail(15)}`);
	} finally {
		await stack?.db.close().catch(() => undefined);
		say(`stopping ${group.running().length} processes`);
		await group.stopAll();
		rmSync(dirname(tarball), { recursive: true, force: true });
		if (report.failed || process.env.N8N_E2E_KEEP) say(`logs and user folders kept: ${root}`);
		else rmSync(root, { recursive: true, force: true });
	}
	if (scaling) say(scalingSummary(...scaling));
	say(`took ${Math.round((Date.now() - started) / 1000)}s`);
	report.close();
	return report.failed || !report.passed ? 1 : 0;
}

main()
	.then((code) => process.exit(code))
	.catch((error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : error);
		console.log('0 passed, 1 failed');
		process.exit(1);
	});
