import type { INodeProperties } from 'n8n-workflow';

import { optionsProperty } from '../common.description';

export const GET_RESULT = 'getResult';
const showForGetResult = { show: { operation: [GET_RESULT] } };

/** Generate's and Edit's own parameters, hidden when the operation is Get Result. */
export function hiddenForGetResult(property: INodeProperties): INodeProperties {
	const hide = property.displayOptions?.hide ?? {};
	return {
		...property,
		displayOptions: {
			...property.displayOptions,
			hide: { ...hide, operation: [...(hide.operation ?? []), GET_RESULT] },
		},
	};
}

export const requestIdProperty: INodeProperties = {
	displayName: 'Request ID',
	name: 'requestId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.requestId }}',
	description:
		'The fal request to fetch, as Generate Image or Edit Image returned it with "Wait for Result" off. Model (or Endpoint ID) must be the model it was submitted to.',
	displayOptions: showForGetResult,
};

/** The options of Generate that shape its output and its waiting; the same definitions. */
const GET_RESULT_OPTIONS = [
	'binaryPropertyOutput',
	'concurrency',
	'maxDownloadMb',
	'maxRetries',
	'outputMode',
	'returnUrlsOnly',
	'timeout',
];

export function getResultOptionsProperty(): INodeProperties {
	const all = optionsProperty([]);
	const options = (all.options as INodeProperties[])
		.filter((option) => GET_RESULT_OPTIONS.includes(option.name))
		.map((option) =>
			option.name === 'timeout'
				? {
						...option,
						description:
							'Longest time per item to wait for fal to finish the request, at most 86400 (24 hours). When it passes, the item fails; the request is not cancelled and keeps running at fal. Downloading the finished images has its own limit of the same length.',
					}
				: option,
		);
	return { ...all, options, displayOptions: showForGetResult };
}
