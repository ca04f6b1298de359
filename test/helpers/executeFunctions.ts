import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';

import {
	NodeHelpers,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
} from 'n8n-workflow';

import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';
import { resolveParameter } from './expressions';
import { httpRequest, httpRequestWithAuthentication } from './httpHelpers';

const nodeDescription = new NanoBanana().description;

export type BinaryMode = 'default' | 'filesystem';

export interface ExecutionOptions {
	items?: INodeExecutionData[];
	/** Node parameters as the editor stores them; `=`-prefixed values are expressions. */
	parameters: IDataObject;
	credentials?: { apiKey: string; proxyUrl?: string };
	continueOnFail?: boolean;
	/** 'default' keeps binaries base64 in memory (n8n 1.x), 'filesystem' writes them to disk (n8n 2.x). */
	binaryMode?: BinaryMode;
	/** Where 'filesystem' binaries live; share it to hand one run's output to the next node. */
	storageDir?: string;
	/** The node's type; n8n runs a node an AI Agent calls as a tool as `<package>.<node>Tool`. */
	nodeType?: string;
	/**
	 * n8n's run index of this run of the node (`$runIndex`): the number of runs it finished
	 * before in the execution. Retry On Fail keeps it; a loop pass or a tool call gets the next.
	 */
	runIndex?: number;
	/** n8n's execution mode, e.g. 'manual', 'trigger', or 'retry' for a retry from the Executions list. */
	mode?: string;
}

export interface LogLine {
	level: string;
	message: string;
	meta?: unknown;
}

function prettyBytes(size: number): string {
	if (size < 1024) return `${size} B`;
	if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} kB`;
	return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

async function toBuffer(data: Buffer | Readable): Promise<Buffer> {
	if (Buffer.isBuffer(data)) return data;
	const chunks: Buffer[] = [];
	for await (const chunk of data) chunks.push(Buffer.from(chunk as Buffer));
	return Buffer.concat(chunks);
}

/**
 * IExecuteFunctions as n8n hands them to a node: parameters resolved per item
 * (expressions included) with the node's defaults, credentials, binary helpers
 * that store in memory or on disk, continue-on-fail, and a cancel signal.
 */
export class TestExecution {
	readonly logs: LogLine[] = [];

	readonly cancel = new AbortController();

	readonly storageDir: string;

	private readonly items: INodeExecutionData[];

	private readonly node: INode;

	/** The node's parameters as n8n holds them once a saved or imported workflow is loaded. */
	private readonly parameters: INodeParameters;

	constructor(private readonly options: ExecutionOptions) {
		this.items = options.items ?? [{ json: {} }];
		this.storageDir = options.storageDir ?? join(tmpdir(), 'nano-banana-binaries', randomUUID());
		this.node = {
			id: randomUUID(),
			name: 'Nano Banana',
			type: options.nodeType ?? 'n8n-nodes-fal-nano-banana.nanoBanana',
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters as INode['parameters'],
		};
		// n8n's own resolution (as its Workflow does on load): defaults of the shown parameters
		// filled in, the last definition winning where several share a name.
		this.parameters =
			NodeHelpers.getNodeParameters(
				nodeDescription.properties,
				this.node.parameters,
				true,
				false,
				this.node,
				nodeDescription,
			) ?? {};
		this.node.parameters = this.parameters;
	}

	getParameter(name: string, itemIndex: number, fallback?: unknown): unknown {
		const [top, ...rest] = name.split('.');
		let value: unknown = this.parameters[top];
		for (const key of rest)
			value = value && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
		const resolved = resolveParameter(value, this.items[itemIndex], itemIndex);
		return resolved === undefined ? fallback : resolved;
	}

	async prepareBinaryData(
		data: Buffer | Readable,
		fileName?: string,
		mimeType?: string,
	): Promise<IBinaryData> {
		const type = mimeType ?? 'application/octet-stream';
		const binary: IBinaryData = {
			mimeType: type,
			fileType: type.startsWith('image/') ? 'image' : undefined,
			fileName,
			fileExtension: fileName ? extname(fileName).slice(1) : undefined,
			data: '',
		};
		if (this.options.binaryMode === 'filesystem') {
			// As n8n 2.x's file store: an await first, then the stream is written to disk as it arrives.
			const id = randomUUID();
			await mkdir(this.storageDir, { recursive: true });
			await writeFile(join(this.storageDir, id), data);
			binary.fileSize = prettyBytes((await stat(join(this.storageDir, id))).size);
			binary.id = `filesystem-v2:${id}`;
			binary.data = 'filesystem-v2';
		} else {
			const bytes = await toBuffer(data);
			binary.fileSize = prettyBytes(bytes.length);
			binary.data = bytes.toString('base64');
		}
		return binary;
	}

	/** The bytes behind a binary, wherever it is stored. */
	readBinary(binary: IBinaryData): Buffer {
		if (binary.id)
			return readFileSync(join(this.storageDir, binary.id.replace(/^filesystem-v2:/, '')));
		return Buffer.from(binary.data, 'base64');
	}

	private assertBinary(itemIndex: number, property: string): IBinaryData {
		const binary = this.items[itemIndex]?.binary?.[property];
		if (!binary) throw new Error(`Item has no binary property "${property}"`);
		return binary;
	}

	context(): IExecuteFunctions {
		const self = this;
		const log = (level: string) => (message: string, meta?: unknown) =>
			self.logs.push({ level, message, meta });
		const context = {
			getInputData: () => self.items,
			getNode: () => self.node,
			getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
				self.getParameter(name, itemIndex, fallback),
			getCredentials: async (type: string) => {
				if (type !== 'falNanoBananaApi' || !self.options.credentials)
					throw new Error(`No credentials of type ${type}`);
				return { ...self.options.credentials };
			},
			continueOnFail: () => self.options.continueOnFail ?? false,
			getMode: () => self.options.mode ?? 'manual',
			// As n8n's WorkflowDataProxy, the part a node reads: which run and item this is.
			getWorkflowDataProxy: (itemIndex: number) => ({
				$runIndex: self.options.runIndex ?? 0,
				$itemIndex: itemIndex,
				$mode: self.options.mode ?? 'manual',
			}),
			getExecutionCancelSignal: () => self.cancel.signal,
			onExecutionCancellation: () => undefined,
			logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
			helpers: {
				prepareBinaryData: self.prepareBinaryData.bind(self),
				assertBinaryData: (itemIndex: number, property: string) =>
					self.assertBinary(itemIndex, property),
				getBinaryDataBuffer: async (itemIndex: number, property: string) =>
					self.readBinary(self.assertBinary(itemIndex, property)),
				httpRequest,
				httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions) =>
					await httpRequestWithAuthentication(
						self.node,
						await context.getCredentials(type),
						self.cancel.signal,
						options,
					),
			},
		};
		return context as unknown as IExecuteFunctions;
	}
}
