import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureLines, type InstalledLine } from '../../tooling/install';
import { selectedLines } from '../../tooling/lines';
import { say } from '../../tooling/log';
import { buildAndPack } from '../../tooling/pack';
import { Report, runSuite } from '../report';
import { queueCases } from './cases';
import { SuiteProcesses } from '../../tooling/children';
import { measureThroughput, scalingSummary, warmUp } from './scaling';
import { startStack, type QueueStack } from './stack';

/**
 * One n8n line in queue mode: its own Redis, PostgreSQL, emulator, main and two workers, all
 * stopped before the next line starts. Returns the scaling line for the summary.
 */
async function runLine(installed: InstalledLine, tarball: string, report: Report): Promise<string> {
	const label = `n8n ${installed.n8n.version} queue mode`;
	const started = Date.now();
	const root = mkdtempSync(join(tmpdir(), `n8n-e2e-queue-${installed.line.name}-`));
	// PostgreSQL runs unprivileged when the suite is root, and must reach its data folder.
	chmodSync(root, 0o755);
	const logDir = join(root, 'logs');
	mkdirSync(logDir);
	const group = new SuiteProcesses(logDir);
	const failedBefore = report.failed;
	let stack: QueueStack | undefined;
	let summary = `${label}: no scaling measurement (set-up failed)`;
	try {
		stack = await startStack(installed, tarball, group, root);

		// One worker first, so the same load can be timed with one and with two.
		await stack.startWorker(0);
		await warmUp(stack);
		const one = await measureThroughput(stack, 1);
		await stack.startWorker(1);
		const two = await measureThroughput(stack, 2);
		summary = `${label}: ${scalingSummary(one, two)}`;

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
		say(`${label}: stopping ${group.running().length} processes`);
		await group.stopAll();
		if (report.failed > failedBefore || process.env.N8N_E2E_KEEP) {
			say(`${label}: logs and user folders kept: ${root}`);
		} else rmSync(root, { recursive: true, force: true });
	}
	return summary;
}

/**
 * `npm run test:e2e:queue`: n8n in queue mode — Redis, PostgreSQL, one main and two workers,
 * each with the packed package in its own user folder — driven through webhooks against the
 * fal emulator, on the lines in N8N_E2E_LINES (default 2,1). Every process is the suite's child.
 */
async function main(): Promise<number> {
	const started = Date.now();
	const lines = await ensureLines(selectedLines());
	const tarball = buildAndPack();
	const report = new Report();
	const summaries: string[] = [];
	try {
		for (const installed of lines) summaries.push(await runLine(installed, tarball, report));
	} finally {
		rmSync(dirname(tarball), { recursive: true, force: true });
	}
	for (const summary of summaries) say(summary);
	return report.finish(started);
}

runSuite(main);
