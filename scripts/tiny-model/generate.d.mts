export const GENERATOR_VERSION: string;
export const TINY_FILES: string[];
export function buildTinyModel(): { files: Record<string, string | Uint8Array>; vocabSize: number };
export function generateTinyModel(dir: string, opts?: { force?: boolean }): { written: boolean; dir: string };
