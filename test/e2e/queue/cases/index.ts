import { concurrentWebhooks } from './concurrent';
import type { QueueCase } from './helpers';
import { respondWithBinary } from './respond';
import { stopFromMain } from './stop';
import { triggerOnWorkers } from './trigger';
import { killedWorker } from './workerKilled';

export type { QueueCase } from './helpers';

/** In this order: the crash case last, since it leaves one worker. */
export const queueCases: QueueCase[] = [
	concurrentWebhooks,
	respondWithBinary,
	stopFromMain,
	triggerOnWorkers,
	killedWorker,
];
