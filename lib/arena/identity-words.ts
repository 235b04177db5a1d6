/**
 * The one list of words that reveal a model's identity (FastChat's `clean_battle_data.py` IDENTITY_WORDS
 * and more): the browser's early warning (./identity.ts) and the server's counted/not-counted decision
 * (./server/identity.ts) both read it. Entries ending in "-" or "." are prefixes ("phi-3", "yi-large").
 */
export const IDENTITY_WORDS: readonly string[] = [
  "openai", "gpt", "chatgpt", "anthropic", "claude", "gemini", "google", "bard", "palm", "lamda", "deepmind",
  "mistral", "mixtral", "llama", "meta ai", "meta", "qwen", "alibaba", "deepseek", "vicuna", "lmsys",
  "koala", "chatglm", "zhipu", "baichuan", "yi-", "01.ai", "cohere", "command-r", "phi", "phi-", "microsoft",
  "gemma", "falcon", "tii", "xai", "grok", "perplexity", "inflection", "moonshot", "kimi", "smollm",
  "hugging face", "huggingface", "tinyllama",
];
