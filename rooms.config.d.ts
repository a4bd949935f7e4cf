// Types of rooms.config.js, for the tests that read it.
import type { Linter } from 'eslint';

export declare const ROOMS: readonly { readonly room: string; readonly pattern: string }[];
export declare const ROOM_IMPORTS: Readonly<Record<string, readonly string[]>>;
export declare const roomRules: Linter.Config;
