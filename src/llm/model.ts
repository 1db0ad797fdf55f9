/** The chat model factory: ChatOpenAI (OpenAI or any OpenAI-compatible server) with a key, the offline model without. */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { parseInput } from '../domain/index.ts';
import { OFFLINE_MODEL_ID, OfflineChatModel, type OfflineRules } from './offline.ts';

/** Used when MARSHAL_MODEL is unset. */
export const DEFAULT_MODEL = 'gpt-4o-mini';
export const DEFAULT_TIMEOUT_MS = 30_000;

// An empty variable (`OPENAI_API_KEY=` in a .env file) means unset, not "a key that is the empty string".
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

/** The environment the factory reads; other variables are ignored. */
export const ModelEnv = z.object({
  OPENAI_API_KEY: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  /** e.g. `http://127.0.0.1:8000/v1` for vLLM, `http://127.0.0.1:11434/v1` for Ollama. */
  OPENAI_BASE_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8000/v1' }).optional()),
  MARSHAL_MODEL: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  MARSHAL_MODEL_TIMEOUT_MS: z.preprocess(unsetIfEmpty, z.coerce.number().int().positive('must be a positive number of milliseconds').optional()),
});
export type ModelEnv = z.infer<typeof ModelEnv>;

export interface ChatModelOptions {
  /** Per-request time-out of the real client; overrides MARSHAL_MODEL_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Retries of the real client on rate limits and server errors (default 2); tests use 0. */
  maxRetries?: number;
  /** Sampling temperature of the real client (default 0: the same question should get the same answer). */
  temperature?: number;
  /** The offline model's rules; without them it answers that it has no rule, and callers fall back. */
  rules?: OfflineRules;
}

/** A chat model and the id the decision log records for it. */
export interface ChatModelChoice {
  model: BaseChatModel;
  /** `offline`, or the model name. */
  modelId: string;
  offline: boolean;
}

/** Chooses the chat model from the environment: ChatOpenAI when OPENAI_API_KEY or OPENAI_BASE_URL is set, else the offline model. */
export function createChatModel(env: Record<string, string | undefined>, options: ChatModelOptions = {}): ChatModelChoice {
  const e = parseInput(ModelEnv, pick(env), 'model environment');
  if (!e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) return { model: new OfflineChatModel(options.rules), modelId: OFFLINE_MODEL_ID, offline: true };
  const model = e.MARSHAL_MODEL ?? DEFAULT_MODEL;
  const chat = new ChatOpenAI({
    model,
    // Local servers (Ollama, llama.cpp, vLLM) take any key; the client insists on one.
    apiKey: e.OPENAI_API_KEY ?? 'not-needed',
    ...(e.OPENAI_BASE_URL ? { configuration: { baseURL: e.OPENAI_BASE_URL } } : {}),
    timeout: options.timeoutMs ?? e.MARSHAL_MODEL_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? 2,
    temperature: options.temperature ?? 0,
  });
  return { model: chat, modelId: model, offline: false };
}

/** The id to log for a model: `offline`, a ChatOpenAI model name, or the model's type for anything else. */
export function modelIdOf(model: BaseChatModel): string {
  if (model instanceof OfflineChatModel) return OFFLINE_MODEL_ID;
  if (model instanceof ChatOpenAI) return model.model;
  return model._llmType();
}

// Only the variables the factory knows, so a parse error never echoes unrelated environment (or secrets) back.
function pick(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(ModelEnv.shape).map((k) => [k, env[k]]));
}
