import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { getFalConnection } from '../NanoBanana/transport/credentials';
import type { FalConnection } from '../NanoBanana/transport/types';
import { triggerProperties } from './description';
import { endpointFromQuery, readDelivery } from './helpers/delivery';
import { itemsForDelivery, type TriggerOptions } from './helpers/items';
import { RequestMemory } from './helpers/seen';
import { checkFalSignature, type HeaderBag } from './helpers/signature';
import { falWebhookKeys } from './transport/jwks';

function refuse(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	ctx
		.getResponseObject()
		.status(401)
		.json({ message: `fal webhook refused: ${reason}` });
	return { noWebhookResponse: true };
}

/** The raw bytes fal signed: n8n keeps them on the request as `rawBody`. */
function rawBodyOf(ctx: IWebhookFunctions): Buffer | undefined {
	const raw = (ctx.getRequestObject() as unknown as { rawBody?: unknown }).rawBody;
	return Buffer.isBuffer(raw) ? raw : undefined;
}

export class NanoBananaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nano Banana Trigger',
		name: 'nanoBananaTrigger',
		icon: {
			light: 'file:../NanoBanana/nanoBanana.svg',
			dark: 'file:../NanoBanana/nanoBanana.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: 'On Job Finished',
		description: "Starts the workflow when fal delivers a Nano Banana job's result to its webhook",
		defaults: { name: 'Nano Banana Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'falNanoBananaApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'fal' }],
		properties: triggerProperties,
	};

	// fal has no webhook registry: the URL travels with each submit (Notify URL), so there is
	// nothing to create at fal or to delete from it.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const raw = rawBodyOf(this);
		if (!raw) return refuse(this, 'the request has no body');
		let connection: FalConnection | undefined;
		const falConnection = async () => (connection ??= await getFalConnection(this));
		const headers = this.getHeaderData() as HeaderBag;
		const nowSeconds = Date.now() / 1000;
		let keys = await falWebhookKeys(this, await falConnection());
		let check = checkFalSignature({ headers, rawBody: raw, keys, nowSeconds });
		if (!check.valid && check.keyMismatch) {
			keys = await falWebhookKeys(this, await falConnection(), { stale: true });
			check = checkFalSignature({ headers, rawBody: raw, keys, nowSeconds });
		}
		if (!check.valid) return refuse(this, check.reason);

		const delivery = readDelivery(this.getBodyData());
		if (typeof delivery === 'string') return refuse(this, delivery);
		if (delivery.requestId !== check.requestId) {
			return refuse(this, 'the body names another request than the signed header');
		}
		const memory = new RequestMemory(
			this.getWorkflowStaticData('node'),
			`${this.getWorkflow().id ?? ''}:${this.getNode().name}`,
		);
		if (!memory.claim(delivery.requestId)) {
			return { webhookResponse: { received: true, duplicate: true } };
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const items = await itemsForDelivery(
			this,
			falConnection,
			delivery,
			endpointFromQuery(this.getQueryData()),
			{
				urlsOnly: options.urlsOnly === true,
				binaryPropertyOutput: String(options.binaryPropertyOutput ?? ''),
				outputMode:
					options.outputMode === 'allImagesInOneItem' ? 'allImagesInOneItem' : 'oneItemPerImage',
				ignoreFailedJobs: options.ignoreFailedJobs === true,
			} satisfies TriggerOptions,
		).catch((error: unknown) => {
			// Nothing is remembered: n8n answers with an error and fal's next attempt tries again.
			memory.release(delivery.requestId);
			throw error;
		});
		memory.commit();
		if (items.length === 0) return { webhookResponse: { received: true } };
		return { workflowData: [items] };
	}
}
