import type { CredentialInput } from '../harness';
import type { Emulator } from '../emulator';
import { VALID_KEY } from '../emulator';

export const CREDENTIAL_TYPE = 'falNanoBananaApi';

export const VALID = { id: 'falE2eValidKey01', name: 'fal (e2e)' };
export const INVALID = { id: 'falE2eWrongKey01', name: 'fal (e2e, wrong key)' };

/** Both credentials point at the emulator through fal's proxy protocol. */
export function e2eCredentials(emu: Emulator): CredentialInput[] {
	return [
		{ ...VALID, type: CREDENTIAL_TYPE, data: { apiKey: VALID_KEY, proxyUrl: emu.proxyUrl } },
		{
			...INVALID,
			type: CREDENTIAL_TYPE,
			data: { apiKey: 'not-a-valid-key', proxyUrl: emu.proxyUrl },
		},
	];
}
