/**
 * The Nano Banana family as data: the one table from which the node's
 * parameters, the per-item checks and the request body are derived. A new
 * model of the family is one entry here.
 */

export type ModelId =
	| 'nano-banana'
	| 'nano-banana-2'
	| 'nano-banana-pro'
	| 'nano-banana-lite'
	| 'nano-banana-2-lite';
export type OperationName = 'generate' | 'edit';

/** An option as n8n shows it and as fal receives it. */
export interface Choice {
	name: string;
	value: string;
}

const STANDARD_RATIOS: Choice[] = [
	{ name: '21:9 (Ultra-Wide)', value: '21:9' },
	{ name: '16:9 (Widescreen)', value: '16:9' },
	{ name: '3:2 (Landscape)', value: '3:2' },
	{ name: '4:3 (Landscape)', value: '4:3' },
	{ name: '5:4 (Landscape)', value: '5:4' },
	{ name: '1:1 (Square)', value: '1:1' },
	{ name: '4:5 (Portrait)', value: '4:5' },
	{ name: '3:4 (Portrait)', value: '3:4' },
	{ name: '2:3 (Portrait)', value: '2:3' },
	{ name: '9:16 (Vertical)', value: '9:16' },
];
const EXTREME_RATIOS: Choice[] = [
	{ name: '4:1 (Panorama)', value: '4:1' },
	{ name: '8:1 (Banner)', value: '8:1' },
	{ name: '1:4 (Tall)', value: '1:4' },
	{ name: '1:8 (Skyscraper)', value: '1:8' },
];
const AUTO_FOR_GENERATE: Choice = { name: 'Auto (the Model Decides)', value: 'auto' };
const AUTO_FOR_EDIT: Choice = { name: 'Auto (Follow the Input Image)', value: 'auto' };

export const RESOLUTIONS_2: Choice[] = [
	{ name: '0.5K', value: '0.5K' },
	{ name: '1K', value: '1K' },
	{ name: '2K', value: '2K' },
	{ name: '4K', value: '4K' },
];
export const RESOLUTIONS_PRO: Choice[] = RESOLUTIONS_2.filter((r) => r.value !== '0.5K');

export const THINKING_LEVELS: Choice[] = [
	{ name: 'Minimal', value: 'minimal' },
	{ name: 'High', value: 'high' },
];

export interface OperationSpec {
	endpoint: string;
	aspectRatios: Choice[];
	/** Absent: the node omits `aspect_ratio` unless set, and fal applies its own default. */
	defaultAspectRatio?: string;
}

export interface ModelSpec {
	/** 'other': an endpoint of the family the node does not know yet (helpers/otherModel.ts). */
	id: ModelId | 'other';
	displayName: string;
	description: string;
	generate: OperationSpec;
	/** Absent: fal serves no edit endpoint for the model. */
	edit?: OperationSpec;
	/** Absent: the model has one fixed output size and no `resolution` field. */
	resolutions?: Choice[];
	enableWebSearch: boolean;
	thinkingLevel: boolean;
	systemPrompt: boolean;
	/** Edit also takes a video, an audio file and a PDF (`video_url`, `audio_url`, `pdf_url`). */
	editMedia: boolean;
}

export const MODELS: ModelSpec[] = [
	{
		id: 'nano-banana',
		displayName: 'Nano Banana (Gemini 2.5 Flash Image)',
		description: 'The original model: fast, ten aspect ratios, about 1024 px',
		generate: {
			endpoint: 'fal-ai/nano-banana',
			aspectRatios: STANDARD_RATIOS,
			defaultAspectRatio: '1:1',
		},
		edit: {
			endpoint: 'fal-ai/nano-banana/edit',
			aspectRatios: [AUTO_FOR_EDIT, ...STANDARD_RATIOS],
			defaultAspectRatio: 'auto',
		},
		enableWebSearch: false,
		thinkingLevel: false,
		systemPrompt: false,
		editMedia: false,
	},
	{
		id: 'nano-banana-2',
		displayName: 'Nano Banana 2 (Gemini 3.1 Flash Image)',
		description:
			'0.5K to 4K, extreme aspect ratios, web search, thinking; edits also read video, audio and PDF',
		generate: {
			endpoint: 'fal-ai/nano-banana-2',
			aspectRatios: [AUTO_FOR_GENERATE, ...STANDARD_RATIOS, ...EXTREME_RATIOS],
			defaultAspectRatio: 'auto',
		},
		edit: {
			endpoint: 'fal-ai/nano-banana-2/edit',
			aspectRatios: [AUTO_FOR_EDIT, ...STANDARD_RATIOS, ...EXTREME_RATIOS],
			defaultAspectRatio: 'auto',
		},
		resolutions: RESOLUTIONS_2,
		enableWebSearch: true,
		thinkingLevel: true,
		systemPrompt: true,
		editMedia: true,
	},
	{
		id: 'nano-banana-pro',
		displayName: 'Nano Banana Pro (Gemini 3 Pro Image)',
		description: 'Best text rendering and detail, 1K to 4K, web search',
		generate: {
			endpoint: 'fal-ai/nano-banana-pro',
			aspectRatios: [AUTO_FOR_GENERATE, ...STANDARD_RATIOS],
			defaultAspectRatio: '1:1',
		},
		edit: {
			endpoint: 'fal-ai/nano-banana-pro/edit',
			aspectRatios: [AUTO_FOR_EDIT, ...STANDARD_RATIOS],
			defaultAspectRatio: 'auto',
		},
		resolutions: RESOLUTIONS_PRO,
		enableWebSearch: true,
		thinkingLevel: false,
		systemPrompt: true,
		editMedia: false,
	},
	{
		id: 'nano-banana-lite',
		displayName: 'Nano Banana Lite',
		description: 'The lightest model: fixed 1K output, extreme aspect ratios, thinking',
		generate: {
			endpoint: 'google/nano-banana-lite',
			aspectRatios: [AUTO_FOR_GENERATE, ...STANDARD_RATIOS, ...EXTREME_RATIOS],
			defaultAspectRatio: 'auto',
		},
		edit: {
			endpoint: 'google/nano-banana-lite/edit',
			aspectRatios: [AUTO_FOR_EDIT, ...STANDARD_RATIOS, ...EXTREME_RATIOS],
			defaultAspectRatio: 'auto',
		},
		enableWebSearch: false,
		thinkingLevel: true,
		systemPrompt: true,
		editMedia: false,
	},
	{
		id: 'nano-banana-2-lite',
		displayName: 'Nano Banana 2 Lite',
		description: "Lite's successor: fixed 1K output, extreme aspect ratios, thinking; generate only",
		generate: {
			endpoint: 'google/nano-banana-2-lite',
			aspectRatios: [AUTO_FOR_GENERATE, ...STANDARD_RATIOS, ...EXTREME_RATIOS],
			defaultAspectRatio: 'auto',
		},
		enableWebSearch: false,
		thinkingLevel: true,
		systemPrompt: true,
		editMedia: false,
	},
];

/** The parameter value that means "this item's model's own default". */
export const MODEL_DEFAULT = 'default';

export const DEFAULT_MODEL: ModelId = 'nano-banana';
export const DEFAULT_RESOLUTION = '1K';

/** Fields every model has, with their option lists. */
export const OUTPUT_FORMATS: Choice[] = [
	{ name: 'JPEG', value: 'jpeg' },
	{ name: 'PNG', value: 'png' },
	{ name: 'WebP', value: 'webp' },
];
export const SAFETY_TOLERANCES: Choice[] = [
	{ name: '1 (Strictest)', value: '1' },
	{ name: '2', value: '2' },
	{ name: '3', value: '3' },
	{ name: '4', value: '4' },
	{ name: '5', value: '5' },
	{ name: '6 (Most Permissive)', value: '6' },
];

export function modelById(id: string): ModelSpec | undefined {
	return MODELS.find((model) => model.id === id);
}

/** Short model name for messages: "Nano Banana 2". */
export function shortName(model: ModelSpec): string {
	return model.displayName.replace(/ \(.*\)$/, '');
}

export const valuesOf = (choices: Choice[]): string[] => choices.map((choice) => choice.value);

/** Models that have a feature, as displayOptions values. */
export function modelsWith(test: (model: ModelSpec) => unknown): string[] {
	return MODELS.filter(test).map((model) => model.id);
}

/** Models that lack a feature: fields are hidden for these, so a model chosen by expression still shows them. */
export function modelsWithout(test: (model: ModelSpec) => unknown): string[] {
	// Other Family Endpoint has none of them: its extra fields go in Additional Fields (JSON).
	return [...MODELS.filter((model) => !test(model)).map((model) => model.id), 'other'];
}

/** Every value any model accepts, in first-seen order: the list shown while the model is an expression. */
export function unionOf(lists: Choice[][]): Choice[] {
	const seen = new Map<string, Choice>();
	for (const choice of lists.flat()) if (!seen.has(choice.value)) seen.set(choice.value, choice);
	return [...seen.values()];
}

/** The operation's endpoint and lists for a model, if fal serves that operation for it. */
export function operationOf(model: ModelSpec, operation: OperationName): OperationSpec | undefined {
	return operation === 'edit' ? model.edit : model.generate;
}

/**
 * The Aspect Ratio choices the editor offers: the model's own, after "Model Default"; while the
 * model (or operation) is an expression, every value some model accepts.
 */
export function aspectRatioChoices(modelValue: unknown, operationValue: unknown): Choice[] {
	const model = typeof modelValue === 'string' ? modelById(modelValue) : undefined;
	const operations: OperationName[] =
		operationValue === 'generate' || operationValue === 'edit'
			? [operationValue]
			: ['generate', 'edit'];
	const spec = model && operationOf(model, operations[0]);
	if (model && spec && operations.length === 1) {
		return [
			{ name: `Model Default (${spec.defaultAspectRatio ?? "fal's"})`, value: MODEL_DEFAULT },
			...spec.aspectRatios,
		];
	}
	const specs = MODELS.flatMap((m) => operations.map((op) => operationOf(m, op))).filter(
		(s): s is OperationSpec => s !== undefined,
	);
	const union = unionOf(specs.map((s) => s.aspectRatios));
	return [
		{ name: "Model Default (Each Item's Model)", value: MODEL_DEFAULT },
		...union.filter((c) => c.value === 'auto'),
		...union.filter((c) => c.value !== 'auto'),
	];
}

/** The Resolution choices: the model's own, or every value some model accepts while it is an expression. */
export function resolutionChoices(modelValue: unknown): Choice[] {
	const model = typeof modelValue === 'string' ? modelById(modelValue) : undefined;
	if (model?.resolutions) return model.resolutions;
	return unionOf(MODELS.map((m) => m.resolutions ?? []));
}

/** The extra reference media of models whose edit reads them: by URL or from a binary field. */
export const EDIT_MEDIA = [
	{ kind: 'video', label: 'Video', falField: 'video_url', hint: 'a video file or a YouTube link' },
	{ kind: 'audio', label: 'Audio', falField: 'audio_url', hint: 'an audio file' },
	{ kind: 'pdf', label: 'PDF', falField: 'pdf_url', hint: 'a PDF document' },
] as const;
export type EditMedia = (typeof EDIT_MEDIA)[number];

export const mediaUrlParameter = (media: EditMedia) => `${media.kind}Url`;
export const mediaBinaryParameter = (media: EditMedia) => `${media.kind}BinaryField`;
