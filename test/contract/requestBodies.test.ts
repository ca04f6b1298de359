/**
 * Holds the request bodies the node really sends against the input types of
 * fal's own client (@fal-ai/client's EndpointTypeMap). The bodies are captured
 * at the emulator, written out as typed TypeScript literals and compiled: a
 * field fal renamed, retyped or dropped is a compile error here.
 */
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import ts from 'typescript';

import { MODELS } from '../../nodes/NanoBanana/helpers/models';
import { FalEmulator } from '../emulator';
import { generateImage, imageSeed } from '../emulator/images/generate';
import { runNode, TEST_KEY } from '../helpers/runNode';
import { AHEAD_OF_CLIENT, aheadOf } from './aheadOfClient';

const OPTIONS = { seed: 7, safetyTolerance: '2', limitGenerations: true };
const png = generateImage({
	size: { width: 32, height: 32 },
	format: 'png',
	seed: imageSeed(['contract']),
}).bytes;
const item: INodeExecutionData = {
	json: {},
	binary: { data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'in.png' } },
};

const edit = { operation: 'edit', imageUrls: ['https://example.com/a.png'] };

/**
 * Every request body shape the node can send: each model's generate and edit, with every
 * optional field that model has set.
 */
const SCENARIOS: Array<{ name: string; parameters: IDataObject }> = [
	{
		name: 'nano-banana generate',
		parameters: {
			prompt: 'a banana',
			numImages: 2,
			outputFormat: 'png',
			aspectRatio: '16:9',
			syncMode: true,
			options: OPTIONS,
		},
	},
	{
		name: 'nano-banana edit',
		parameters: { ...edit, prompt: 'make it blue', aspectRatio: 'auto', options: OPTIONS },
	},
	{
		name: 'nano-banana-2 generate',
		parameters: {
			model: 'nano-banana-2',
			prompt: 'a poster',
			aspectRatio: '8:1',
			options: {
				...OPTIONS,
				resolution: '0.5K',
				enableWebSearch: true,
				thinkingLevel: 'high',
				systemPrompt: 'You design posters',
			},
		},
	},
	{
		name: 'nano-banana-2 edit, with video, audio and PDF',
		parameters: {
			...edit,
			model: 'nano-banana-2',
			prompt: 'a still from the clip',
			aspectRatio: '1:4',
			videoUrl: 'https://example.com/clip.mp4',
			audioUrl: 'https://example.com/voice.mp3',
			pdfUrl: 'https://example.com/brief.pdf',
			options: {
				...OPTIONS,
				resolution: '2K',
				enableWebSearch: false,
				thinkingLevel: 'minimal',
				systemPrompt: 'Keep the colours',
			},
		},
	},
	{
		name: 'nano-banana-pro generate',
		parameters: {
			model: 'nano-banana-pro',
			prompt: 'a diagram',
			aspectRatio: '3:2',
			options: { ...OPTIONS, resolution: '4K', enableWebSearch: true, systemPrompt: 'Be exact' },
		},
	},
	{
		name: 'nano-banana-pro edit',
		parameters: {
			...edit,
			model: 'nano-banana-pro',
			prompt: 'label the parts',
			aspectRatio: 'auto',
			options: { ...OPTIONS, resolution: '1K', enableWebSearch: true, systemPrompt: 'Be exact' },
		},
	},
	{
		name: 'nano-banana-lite generate',
		parameters: {
			model: 'nano-banana-lite',
			prompt: 'an icon',
			aspectRatio: '4:1',
			options: { ...OPTIONS, thinkingLevel: 'high', systemPrompt: 'Flat colours' },
		},
	},
	{
		name: 'nano-banana-2-lite generate',
		parameters: {
			model: 'nano-banana-2-lite',
			prompt: 'a sticker',
			aspectRatio: '1:8',
			options: { ...OPTIONS, thinkingLevel: 'high', systemPrompt: 'Bold outlines' },
		},
	},
	{
		name: 'nano-banana-lite edit',
		parameters: {
			...edit,
			model: 'nano-banana-lite',
			prompt: 'make it flat',
			aspectRatio: 'auto',
			options: { ...OPTIONS, thinkingLevel: 'minimal', systemPrompt: 'Flat colours' },
		},
	},
];

const VIRTUAL_FILE = join(__dirname, '__request-bodies__.ts');

/** Compiles a virtual TypeScript file beside this test and returns its errors. */
function compile(source: string): string[] {
	const options: ts.CompilerOptions = {
		strict: true,
		noEmit: true,
		skipLibCheck: true,
		module: ts.ModuleKind.CommonJS,
		moduleResolution: ts.ModuleResolutionKind.Node10,
		target: ts.ScriptTarget.ES2021,
		types: [],
	};
	const host = ts.createCompilerHost(options);
	const readFile = host.readFile.bind(host);
	const getSourceFile = host.getSourceFile.bind(host);
	host.readFile = (file) => (file === VIRTUAL_FILE ? source : readFile(file));
	host.fileExists = (file) => file === VIRTUAL_FILE || ts.sys.fileExists(file);
	host.getSourceFile = (file, language) =>
		file === VIRTUAL_FILE
			? ts.createSourceFile(file, source, language)
			: getSourceFile(file, language);
	const program = ts.createProgram([VIRTUAL_FILE], options, host);
	return ts
		.getPreEmitDiagnostics(program)
		.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

let emulator: FalEmulator;
const bodies: Array<{ endpoint: string; input: IDataObject }> = [];

beforeAll(async () => {
	emulator = await FalEmulator.start({ validKeys: [TEST_KEY], processingMs: 5, quiet: true });
	for (const scenario of SCENARIOS) {
		emulator.reset();
		await runNode(emulator, scenario.parameters, { items: [item] });
		for (const job of emulator.submissions()) {
			bodies.push({ endpoint: job.endpoint, input: job.input as IDataObject });
		}
	}
}, 60_000);
afterAll(async () => await emulator.close());

describe("request bodies against fal's client types", () => {
	it('captured a body for every scenario, one for each endpoint the node can call', () => {
		expect(bodies).toHaveLength(SCENARIOS.length);
		const endpoints = MODELS.flatMap((model) =>
			[model.generate, model.edit].flatMap((spec) => (spec ? [spec.endpoint] : [])),
		);
		expect(bodies.map((body) => body.endpoint).sort()).toEqual([...endpoints].sort());
	});

	it('sends every field listed as ahead of the client, so each entry is needed', () => {
		for (const [endpoint, fields] of Object.entries(AHEAD_OF_CLIENT)) {
			const sent = bodies.filter((body) => body.endpoint === endpoint);
			expect(sent.length).toBeGreaterThan(0);
			if (fields === '*') continue;
			for (const field of fields) {
				expect([endpoint, sent.some((body) => body.input[field] !== undefined)]).toEqual([
					endpoint,
					true,
				]);
			}
		}
	});

	it("compile as the client's input type of their endpoint", () => {
		const lines = [`import type { EndpointTypeMap } from '@fal-ai/client/endpoints';`];
		bodies.forEach(({ endpoint, input }, index) => {
			const ahead = aheadOf(endpoint);
			if (ahead === '*') return;
			const checked = Object.fromEntries(
				Object.entries(input).filter(([field]) => !ahead.includes(field)),
			);
			lines.push(
				`export const body${index}: EndpointTypeMap[${JSON.stringify(endpoint)}]['input'] = ${JSON.stringify(checked)};`,
			);
		});
		expect(compile(lines.join('\n'))).toEqual([]);
	}, 60_000);

	it('lists only what the installed client really does not know yet', () => {
		const lines = [`import type { EndpointTypeMap } from '@fal-ai/client/endpoints';`];
		for (const [endpoint, fields] of Object.entries(AHEAD_OF_CLIENT)) {
			const key = JSON.stringify(endpoint);
			if (fields === '*') {
				lines.push(
					`export const e${lines.length}: ${key} extends keyof EndpointTypeMap ? 'known' : 'ahead' = 'ahead';`,
				);
				continue;
			}
			for (const field of fields) {
				lines.push(
					`export const f${lines.length}: ${JSON.stringify(field)} extends keyof EndpointTypeMap[${key}]['input'] ? 'known' : 'ahead' = 'ahead';`,
				);
			}
		}
		expect(compile(lines.join('\n'))).toEqual([]);
	}, 60_000);

	it('would catch a renamed or retyped field', () => {
		const source = [
			`import type { EndpointTypeMap } from '@fal-ai/client/endpoints';`,
			`export const renamed: EndpointTypeMap['fal-ai/nano-banana']['input'] = { prompt: 'x', numImages: 1 };`,
			`export const retyped: EndpointTypeMap['fal-ai/nano-banana']['input'] = { prompt: 'x', safety_tolerance: 4 };`,
		].join('\n');
		expect(compile(source)).toHaveLength(2);
	}, 60_000);
});
