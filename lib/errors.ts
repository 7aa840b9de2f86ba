// Errors as the W3C WebRTC spec names them: DOMException with the spec's names, TypeError where
// WebIDL says so, and RTCError (W3C WebRTC §11.1) for errors with WebRTC-specific detail.

export function invalidStateError(message: string): DOMException {
  return new DOMException(message, 'InvalidStateError');
}

export function invalidAccessError(message: string): DOMException {
  return new DOMException(message, 'InvalidAccessError');
}

export function operationError(message: string): DOMException {
  return new DOMException(message, 'OperationError');
}

export function syntaxError(message: string): DOMException {
  return new DOMException(message, 'SyntaxError');
}

export function invalidModificationError(message: string): DOMException {
  return new DOMException(message, 'InvalidModificationError');
}

export function notSupportedError(message: string): DOMException {
  return new DOMException(message, 'NotSupportedError');
}

/** The error a closed RTCPeerConnection gives to every method that needs it open. */
export function closedError(method: string): DOMException {
  return invalidStateError(
    `${method}: the RTCPeerConnection is closed; create a new RTCPeerConnection to connect again`,
  );
}

export type RTCErrorDetailType =
  | 'data-channel-failure'
  | 'dtls-failure'
  | 'fingerprint-failure'
  | 'sctp-failure'
  | 'sdp-syntax-error'
  | 'hardware-encoder-not-available'
  | 'hardware-encoder-error';

export interface RTCErrorInit {
  errorDetail: RTCErrorDetailType;
  sdpLineNumber?: number;
  sctpCauseCode?: number;
  receivedAlert?: number;
  sentAlert?: number;
  httpRequestStatusCode?: number;
}

/** W3C WebRTC §11.1: an OperationError carrying WebRTC-specific detail. */
export class RTCError extends DOMException {
  readonly errorDetail: RTCErrorDetailType;
  readonly sdpLineNumber: number | null;
  readonly sctpCauseCode: number | null;
  readonly receivedAlert: number | null;
  readonly sentAlert: number | null;
  readonly httpRequestStatusCode: number | null;

  constructor(init: RTCErrorInit, message = '') {
    super(message, 'OperationError');
    this.errorDetail = init.errorDetail;
    this.sdpLineNumber = init.sdpLineNumber ?? null;
    this.sctpCauseCode = init.sctpCauseCode ?? null;
    this.receivedAlert = init.receivedAlert ?? null;
    this.sentAlert = init.sentAlert ?? null;
    this.httpRequestStatusCode = init.httpRequestStatusCode ?? null;
  }
}

export interface RTCErrorEventInit extends EventInit {
  error: RTCError;
}

/** W3C WebRTC §11.2. */
export class RTCErrorEvent extends Event {
  readonly error: RTCError;

  constructor(type: string, init: RTCErrorEventInit) {
    super(type, init);
    this.error = init.error;
  }
}
