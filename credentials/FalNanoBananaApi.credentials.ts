import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Checking a key must cost nothing: starting a storage upload is free and
 * needs a valid key, while any generation would be billed.
 */
const KEY_CHECK_URL = 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3';

export class FalNanoBananaApi implements ICredentialType {
	// Not `falApi`/`falAiApi`: other fal packages own those names and two equal names collide.
	name = 'falNanoBananaApi';

	displayName = 'Fal API';

	documentationUrl = 'https://docs.fal.ai/authentication/key-based';

	icon = { light: 'file:icons/fal.svg', dark: 'file:icons/fal.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your fal API key, from https://fal.ai/dashboard/keys',
		},
		{
			displayName: 'Proxy URL',
			name: 'proxyUrl',
			type: 'string',
			default: '',
			placeholder: 'https://gateway.example.com/api/fal/proxy',
			description:
				"Optional. Send every fal request through this URL using fal's proxy protocol (the real target goes in the x-fal-target-url header). Leave empty to call fal directly.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Key {{ $credentials.apiKey.trim() }}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			baseURL: `={{ $credentials.proxyUrl ? $credentials.proxyUrl.trim() : "${KEY_CHECK_URL}" }}`,
			url: '',
			headers: {
				'x-fal-target-url': KEY_CHECK_URL,
			},
			body: {
				content_type: 'image/png',
				file_name: 'n8n-credential-test.png',
			},
			json: true,
		},
		// Without these the Test button shows only the HTTP status text ("Unauthorized").
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'fal rejected the API key (401). Copy a current key from https://fal.ai/dashboard/keys.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'fal rejected the API key (403): it is not allowed to use fal storage.',
				},
			},
		],
	};
}
