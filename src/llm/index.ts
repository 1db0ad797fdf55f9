/** Language models: the chat model factory, the offline model, and schema-checked asks with deterministic fallbacks. */
export {
  askStructured, askTools, FallbackReason, ModelFallback,
  type AskStructuredInput, type AskToolsInput, type ModelAnswer, type ModelLog, type ToolChoice,
} from './ask.ts';
export { createChatModel, DEFAULT_MODEL, DEFAULT_TIMEOUT_MS, ModelEnv, modelIdOf, type ChatModelChoice, type ChatModelOptions } from './model.ts';
export {
  NO_RULE_TEXT, OFFLINE_MODEL_ID, OfflineChatModel, OfflineReply, scriptedRules, STRUCTURED_TOOL, structuredReply,
  type OfflineCallOptions, type OfflineRequest, type OfflineRules,
} from './offline.ts';
