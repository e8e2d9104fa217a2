// The public surface of the protocol layer: wire schemas, the normalized event model, and the parser.

export {
  cancelJobMessage,
  clientMessage,
  pingMessage,
  requestStatusMessage,
  subscribeMessage,
} from './client-messages.ts';
export type {
  CancelJobMessage,
  ClientMessage,
  PingMessage,
  RequestStatusMessage,
  SubscribeMessage,
} from './client-messages.ts';
export { DTYPES, dtypeSchema, ITEMSIZE } from './dtypes.ts';
export type { Dtype } from './dtypes.ts';
export type { JobMessage, JobMessageKind, JobProgress, PreviewChunk, PreviewHeader, PreviewPayload } from './job-message.ts';
export { boundText, DEFAULT_MAX_DECLARED_VOXELS, MAX_TEXT_LENGTH } from './limits.ts';
export { gatewayError, gatewayErrorMessage } from './gateway-error.ts';
export type { GatewayErrorMessage } from './gateway-error.ts';
export { parseServerMessage, parseServerValue } from './parse-server-message.ts';
export type { Frame, ParseOptions, ParseResult } from './parse-server-message.ts';
export { compressionSchema, MAX_PREVIEW_CHUNKS, previewDataSchema, scaleSchema, shapeSchema } from './preview-header.ts';
export type { PreviewData } from './preview-header.ts';
export { PROTOCOL_RULES } from './protocol-error.ts';
export type { ProtocolError, ProtocolRule } from './protocol-error.ts';
export { jobIdOf, SERVER_MESSAGE_TYPES, serverMessageSchema } from './server-messages.ts';
export type { ServerMessage, ServerMessageType } from './server-messages.ts';
export { parseTimestamp, timestampMs } from './timestamps.ts';
