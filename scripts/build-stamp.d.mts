export declare const INPUT_DIRS: string[];
export declare const INPUT_FILES: string[];
export declare const OUTPUTS: string[];
export declare function inputsHash(root: string): string;
export declare function buildIsCurrent(root: string, hash?: string): boolean;
export declare function clearStamp(root: string): void;
export declare function writeStamp(root: string, hash: string): void;
