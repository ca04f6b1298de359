import type { CredentialInput } from '../harness';
import type { ChatEmulator } from '../../emulator/openai';
import type { Emulator } from '../emulator';
import { VALID_KEY } from '../emulator';

export const CREDENTIAL_TYPE = 'falNanoBananaApi';

export const VALID = { id: 'falE2eValidKey01', name: 'fal (e2e)' };
export const INVALID = { id: 'falE2eWrongKey01', name: 'fal (e2e, wrong key)' };
/** No Proxy URL, as most users have it: fal's real hosts, reached through n8n's HTTPS_PROXY. */
export const NO_PROXY_URL = { id: 'falE2eNoProxyUrl', name: 'fal (e2e, no Proxy URL)' };
export const OPENAI = { id: 'openAiE2eChat001', name: 'OpenAI (e2e chat emulator)' };

/**
 * The fal credentials point at the emulator through fal's proxy protocol, except NO_PROXY_URL
 * (its cases give n8n HTTPS_PROXY); OpenAI's at the chat emulator.
 */
export function e2eCredentials(emu: Emulator, chat: ChatEmulator): CredentialInput[] {
	return [
		{ ...VALID, type: CREDENTIAL_TYPE, data: { apiKey: VALID_KEY, proxyUrl: emu.proxyUrl } },
		{
			...INVALID,
			type: CREDENTIAL_TYPE,
			data: { apiKey: 'not-a-valid-key', proxyUrl: emu.proxyUrl },
		},
		{ ...NO_PROXY_URL, type: CREDENTIAL_TYPE, data: { apiKey: VALID_KEY } },
		{ ...OPENAI, type: 'openAiApi', data: { apiKey: chat.apiKey, url: chat.baseUrl } },
	];
}
