import { rmSync } from 'node:fs';

import { N8nInstance, nodeItems } from '../../e2e/harness';
import type { EmulatorProcess } from '../emulator';
import { measureFloor, type FloorRun } from './floor';
import { installedN8n2 } from './line';
import { packPackage } from './pack';
import { watchPeakRss } from './rss';
import {
	benchCredential,
	HTTP_NODE_NAME,
	httpRequestWorkflow,
	IMAGES_PER_ITEM,
	imagesWorkflow,
	NODE_NAME,
	uniqueWorkflowId,
} from './workflow';

export { IMAGES_PER_ITEM };

export const MEMORY_ITEMS = 64;
/** Memory does not depend on how long fal takes; a short T keeps the 64-item run quick. */
export const MEMORY_T_MS = 500;

export interface MemoryRun {
	items: number;
	outputItems: number;
	/** Peak RSS of the n8n process itself. */
	peakBytes: number;
	/** Peak of n8n and its task runners together (sampled every 50 ms). */
	treePeakBytes: number;
	wallMs: number;
	/** Where n8n kept the first image: e.g. `filesystem-v2`, or `memory`; none for URLs only. */
	binaryMode?: string;
	firstImageBytes?: number;
}

/** A run's measurements, and the image URLs a Return URLs Only run handed out. */
interface MeasuredRun extends MemoryRun {
	urls: string[];
}

export type MemoryResult =
	| { skipped: string }
	| { failed: string }
	| {
			n8nVersion: string;
			nodeVersion: string;
			tMs: number;
			imageBytes: number;
			single: MemoryRun;
			many: MemoryRun;
			/** The same items with Return URLs Only: what n8n's run costs without any download. */
			manyUrlsOnly: MemoryRun;
			/** The same downloads on n8n's Node and axios alone, without n8n or the node. */
			floor: FloorRun;
			/**
			 * The anchor: the same image URLs downloaded by n8n's own HTTP Request node (Response
			 * Format File) in the same n8n, 4 URLs (as the 1-item run) against all of them.
			 */
			httpSingle: MemoryRun;
			httpMany: MemoryRun;
	  };

async function measuredRun(
	n8n: N8nInstance,
	workflowId: string,
	items: number,
	expect: { node: string; urlsOnly?: boolean },
): Promise<MeasuredRun> {
	const watcher = watchPeakRss(
		(args) => args.includes(`--id=${workflowId}`) && args.includes('execute'),
	);
	const result = await n8n.executeWorkflow(workflowId);
	const peak = watcher.stop();
	if (!result.ok) {
		throw new Error(
			`n8n run of ${items} item(s) failed: ${result.message}\n${result.output.slice(-3000)}`,
		);
	}
	if (!peak.found) throw new Error('never saw the n8n process to measure it');
	const output = nodeItems(result.run, expect.node);
	const measured = {
		items,
		outputItems: output.length,
		peakBytes: peak.rootPeakBytes,
		treePeakBytes: peak.treePeakBytes,
		wallMs: result.ms,
	};
	if (expect.urlsOnly) {
		const urls = output.map((item) => item.json.url);
		if (!urls.length || !urls.every((url): url is string => typeof url === 'string'))
			throw new Error(`the URLs-only run returned no URL: ${JSON.stringify(output[0]?.json)}`);
		return { ...measured, urls };
	}
	const first = output[0]?.binary?.data;
	if (!first)
		throw new Error(
			`${expect.node}'s ${items}-item run returned no binary: ${JSON.stringify(output[0]?.json)}`,
		);
	return {
		...measured,
		binaryMode: first.id ? first.id.slice(0, first.id.indexOf(':')) : 'memory',
		firstImageBytes: n8n.readBinary(first).length,
		urls: [],
	};
}

const withoutUrls = ({ urls: _urls, ...run }: MeasuredRun): MemoryRun => run;

/**
 * Peak RSS of real n8n 2.x running Nano Banana on 64 items × 4 images against the same
 * workflow on 1 item: the difference is what holding the images costs. The same downloads
 * through n8n's own HTTP Request node, in the same n8n, are the yardstick.
 */
export async function measureMemory(
	emulator: EmulatorProcess,
	apiKey: string,
	progress: (line: string) => void,
): Promise<MemoryResult> {
	const installed = await installedN8n2();
	if ('missing' in installed) {
		return { skipped: `skipped (${installed.missing}; run npm run e2e:install)` };
	}
	if (process.platform !== 'linux')
		return { skipped: 'skipped (peak RSS is read from Linux /proc)' };

	progress('memory: building and packing the package');
	const pack = packPackage();
	let n8n: N8nInstance | undefined;
	try {
		progress(`memory: installing it into a fresh n8n ${installed.n8n.version} user folder`);
		const instance = await N8nInstance.create(installed, pack.tarball);
		n8n = instance;
		const credential = benchCredential(apiKey, emulator.proxyUrl);
		await instance.importCredentials([credential]);
		const nodeType = instance.nodeType('nanoBanana');
		const importRun = (items: number, urlsOnly = false) =>
			instance.importWorkflow(
				imagesWorkflow(nodeType, credential, items, urlsOnly),
				uniqueWorkflowId(),
			);
		const singleId = await importRun(1);
		const manyId = await importRun(MEMORY_ITEMS);
		const urlsOnlyId = await importRun(MEMORY_ITEMS, true);

		await emulator.set({ processingMs: MEMORY_T_MS });
		const banana = { node: NODE_NAME };
		progress('memory: n8n run with 1 item');
		const single = await measuredRun(instance, singleId, 1, banana);
		progress(`memory: n8n run with ${MEMORY_ITEMS} items`);
		const many = await measuredRun(instance, manyId, MEMORY_ITEMS, banana);
		progress(`memory: n8n run with ${MEMORY_ITEMS} items, Return URLs Only`);
		const manyUrlsOnly = await measuredRun(instance, urlsOnlyId, MEMORY_ITEMS, {
			...banana,
			urlsOnly: true,
		});

		// The anchor: the URLs the last run handed out, fetched by n8n's own HTTP Request node.
		const urls = manyUrlsOnly.urls;
		const http = { node: HTTP_NODE_NAME };
		const httpSingleId = await instance.importWorkflow(
			httpRequestWorkflow(urls.slice(0, IMAGES_PER_ITEM)),
			uniqueWorkflowId(),
		);
		const httpManyId = await instance.importWorkflow(httpRequestWorkflow(urls), uniqueWorkflowId());
		progress(`memory: n8n's HTTP Request node, ${IMAGES_PER_ITEM} downloads`);
		const httpSingle = await measuredRun(instance, httpSingleId, IMAGES_PER_ITEM, http);
		progress(`memory: n8n's HTTP Request node, ${urls.length} downloads`);
		const httpMany = await measuredRun(instance, httpManyId, urls.length, http);

		const images = MEMORY_ITEMS * IMAGES_PER_ITEM;
		// Default Concurrency 4 downloads 4 items' images, 4 each, at once.
		const parallel = 4 * IMAGES_PER_ITEM;
		progress(`memory: ${images} downloads on n8n's Node and axios alone, ${parallel} at a time`);
		const floor = await measureFloor(installed, images, parallel, many.firstImageBytes ?? 0);
		return {
			n8nVersion: installed.n8n.version,
			nodeVersion: installed.node.version,
			tMs: MEMORY_T_MS,
			imageBytes: many.firstImageBytes ?? 0,
			single: withoutUrls(single),
			many: withoutUrls(many),
			manyUrlsOnly: withoutUrls(manyUrlsOnly),
			floor,
			httpSingle: withoutUrls(httpSingle),
			httpMany: withoutUrls(httpMany),
		};
	} finally {
		n8n?.dispose();
		rmSync(pack.dir, { recursive: true, force: true });
	}
}
