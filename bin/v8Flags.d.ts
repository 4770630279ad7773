export declare const V8_FLAGS: readonly string[];
export declare const ELECTRON_JS_FLAGS: string;
