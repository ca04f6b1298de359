import type { INodeExecutionData } from 'n8n-workflow';

/** Input items with one prompt each, as a spreadsheet or a Set node hands them over. */
export const rows = (...prompts: string[]): INodeExecutionData[] =>
	prompts.map((p) => ({ json: { p } }));

/** The Prompt parameter as users map it from such items. */
export const byPrompt = { prompt: '={{ $json.p }}' };
