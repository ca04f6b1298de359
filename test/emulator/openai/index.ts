export { ChatEmulator, DEFAULT_CHAT_KEY, type ChatEmulatorOptions } from './emulator';
export type * from './types';
