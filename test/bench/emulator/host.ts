import { FalEmulator } from '../../emulator';
import type { HostAnswer, HostCommand, HostMessage, HostReply, Records } from './protocol';

/**
 * Runs the fal emulator in a process of its own, driven by the bench over IPC. fal's work
 * does not run on n8n's CPU; in the bench's process, serving images and firing the job
 * timers would share one event loop with the node under test and slow both.
 */
let emulator: FalEmulator | undefined;

function records(since: number): Records {
	if (!emulator) throw new Error('the emulator is not started');
	return {
		requests: emulator.requests
			.filter((request) => request.at >= since)
			.map(({ at, route, path }) => ({ at, route, path })),
		jobs: emulator
			.submissions()
			.filter((job) => job.submittedAt >= since)
			.map((job) => ({
				requestId: job.requestId,
				submittedAt: job.submittedAt,
				startedAt: job.startedAt,
				completedAt: job.completedAt,
				imageBytes: job.output?.images[0]?.file_size,
			})),
	};
}

async function handle(command: HostCommand): Promise<HostReply> {
	switch (command.type) {
		case 'start':
			emulator = await FalEmulator.start(command.options);
			return { proxyUrl: emulator.proxyUrl };
		case 'set':
			if (!emulator) throw new Error('the emulator is not started');
			Object.assign(emulator.options, command.options);
			return {};
		case 'records':
			return records(command.since);
		case 'close':
			await emulator?.close();
			emulator = undefined;
			return {};
	}
}

process.on('message', (message: HostMessage) => {
	handle(message.command).then(
		(reply) => process.send?.({ id: message.id, reply } satisfies HostAnswer),
		(error: unknown) => {
			const text = error instanceof Error ? error.message : String(error);
			process.send?.({ id: message.id, error: text } satisfies HostAnswer);
		},
	);
});

// The bench went away (ended or crashed): do not linger.
process.on('disconnect', () => {
	void (emulator?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
