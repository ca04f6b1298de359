import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { LIMITS } from '../../helpers/constants';
import {
	EDIT_MEDIA,
	mediaBinaryParameter,
	mediaUrlParameter,
	modelsWith,
	shortName,
	type ModelSpec,
} from '../../helpers/models';
import type { MediaReference } from '../types';

/** An http(s) URL, or undefined after recording why not. */
export function httpUrl(value: unknown, label: string, problems: string[]): string | undefined {
	const text = typeof value === 'string' ? value.trim() : value;
	try {
		const parsed = typeof text === 'string' ? new URL(text) : undefined;
		if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return parsed.href;
	} catch {
		// reported below
	}
	problems.push(
		`The "${label}" parameter holds ${JSON.stringify(value)}, which is not an http(s) URL`,
	);
	return undefined;
}

/** Video, audio and PDF inputs, for models whose edit reads them. */
export async function mediaReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: ModelSpec,
	problems: string[],
): Promise<MediaReference[]> {
	const binaries: Record<string, IBinaryData> = ctx.getInputData()[itemIndex]?.binary ?? {};
	const found: MediaReference[] = [];
	for (const media of EDIT_MEDIA) {
		const urlLabel = `${media.label} URL`;
		const binaryLabel = `${media.label} Binary Field`;
		const url = ctx.getNodeParameter(mediaUrlParameter(media), itemIndex, '') as unknown;
		const field = ctx.getNodeParameter(mediaBinaryParameter(media), itemIndex, '') as unknown;
		const hasUrl = url !== '' && url != null;
		const hasField = typeof field === 'string' ? field.trim() !== '' : field != null;
		if (!hasUrl && !hasField) continue;
		if (!model.editMedia) {
			const models = modelsWith((m) => m.editMedia).join(', ');
			problems.push(
				`The "${hasUrl ? urlLabel : binaryLabel}" parameter is not available on ${shortName(model)}; only ${models} edits read a ${media.label.toLowerCase()}`,
			);
			continue;
		}
		if (hasUrl && hasField) {
			problems.push(
				`Give the ${media.label.toLowerCase()} as "${urlLabel}" or as "${binaryLabel}", not both`,
			);
			continue;
		}
		if (hasUrl) {
			const href = httpUrl(url, urlLabel, problems);
			if (href) found.push({ falField: media.falField, kind: 'url', url: href });
			continue;
		}
		const property = String(field).trim();
		const binary = binaries[property];
		if (!binary) {
			problems.push(
				`The "${binaryLabel}" parameter names "${property}", which the input item does not have`,
			);
			continue;
		}
		const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		if (bytes.length > LIMITS.maxMediaBytes) {
			problems.push(
				`The binary field "${property}" is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; fal reads files of up to 15 MB`,
			);
			continue;
		}
		found.push({ falField: media.falField, kind: 'binary', property, binary });
	}
	return found;
}
