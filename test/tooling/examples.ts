import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';

import { generateImage, imageSeed, type OutputFormat } from '../emulator';

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

export interface ExampleNode {
	name: string;
	type?: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

export interface ExampleWorkflow {
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Example {
	file: string;
	workflow: ExampleWorkflow;
}

/** The example's trigger when it is not a Manual Trigger (it waits for calls instead of a click). */
export function startingTrigger(workflow: ExampleWorkflow): ExampleNode | undefined {
	if (workflow.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger')) return undefined;
	return workflow.nodes.find((node) => /trigger$/i.test(node.type ?? ''));
}

/**
 * Every `examples/*.json`: those run by a click first, simplest first (fewest nodes), then by
 * file name; trigger-started ones (to activate, not to run) last.
 */
export function readExamples(dir = EXAMPLES_DIR): Example[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.map((file) => ({
			file,
			workflow: JSON.parse(readFileSync(join(dir, file), 'utf8')) as ExampleWorkflow,
		}))
		.sort(
			(a, b) =>
				Number(Boolean(startingTrigger(a.workflow))) -
					Number(Boolean(startingTrigger(b.workflow))) ||
				a.workflow.nodes.length - b.workflow.nodes.length ||
				a.file.localeCompare(b.file),
		);
}

const FORMATS: Record<string, OutputFormat> = {
	'.png': 'png',
	'.jpg': 'jpeg',
	'.jpeg': 'jpeg',
	'.webp': 'webp',
};

/** The fixed folder part of a file path parameter (`=out/{{ $json.name }}` → `out`). */
function staticFolder(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const path = value.replace(/^=/, '').split('{{')[0];
	const folder = path.endsWith('/') ? path.slice(0, -1) : dirname(path);
	return folder && folder !== '.' ? folder : undefined;
}

/** Relative paths only: an example must never touch files outside n8n's files folder. */
function inside(filesDir: string, relative: string): string | undefined {
	const path = normalize(relative);
	if (path.startsWith('..') || path.startsWith('/')) return undefined;
	return join(filesDir, path);
}

/**
 * What the examples' **Read/Write Files from Disk** nodes need in n8n's files folder: the folders
 * they write into (n8n's writer does not create folders) and an image for each file they read
 * (a gradient drawn like the fal emulator draws). Existing files are left alone, so a user's own
 * input image stays. Returns the paths created, relative to `filesDir`.
 */
export function prepareExampleFiles(filesDir: string, examples = readExamples()): string[] {
	const created: string[] = [];
	const folder = (relative: string) => {
		const path = inside(filesDir, relative);
		if (!path || existsSync(path)) return;
		mkdirSync(path, { recursive: true });
		created.push(`${relative}/`);
	};
	for (const { workflow } of examples) {
		for (const node of workflow.nodes) {
			if (node.type !== 'n8n-nodes-base.readWriteFile') continue;
			const parameters = node.parameters ?? {};
			if (parameters.operation === 'write') {
				const target = staticFolder(parameters.fileName);
				if (target) folder(target);
				continue;
			}
			const selector = parameters.fileSelector;
			if (typeof selector !== 'string' || /[*?[{]/.test(selector)) continue;
			const format = FORMATS[extname(selector).toLowerCase()];
			const path = inside(filesDir, selector);
			if (!format || !path || existsSync(path)) continue;
			const target = staticFolder(selector);
			if (target) folder(target);
			const image = generateImage({
				size: { width: 768, height: 512 },
				format,
				seed: imageSeed(['example input', selector]),
			});
			writeFileSync(path, image.bytes);
			created.push(selector);
		}
	}
	return created;
}
