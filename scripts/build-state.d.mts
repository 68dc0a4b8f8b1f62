export declare const STAMP: string
export declare function isBuildCurrent(root: string, distDir?: string): boolean
