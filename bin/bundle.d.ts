export declare const CLI_BUNDLE: string;
export declare const CLI_INPUTS: string;
export declare function freshBundle(root: string): string | undefined;
