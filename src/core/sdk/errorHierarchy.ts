// The exception classes of each SDK flavour and how they inherit (from the SDK sources; see
// shared/facts/openai-errors.md). Analysis uses it to decide whether handlers cover OpenAI errors and whether
// one shadows another; fixes use it to pick and order the handlers they insert.
import type { SdkFlavour } from '../types';

/** A setting-level name for a family of failures; each flavour maps it to its own class. */
export type ErrorClassKey =
  | 'timeout'
  | 'connection'
  | 'authentication'
  | 'permission'
  | 'rateLimit'
  | 'badRequest'
  | 'notFound'
  | 'conflict'
  | 'unprocessable'
  | 'server'
  | 'serviceUnavailable';

export const defaultHandledErrorClasses: readonly ErrorClassKey[] = [
  'timeout', 'connection', 'authentication', 'permission', 'rateLimit', 'badRequest', 'notFound', 'server',
];

export interface ErrorClass {
  /** The class name as exported by the SDK (Python 0.x: inside openai.error). */
  name: string;
  /** The direct base class within the SDK, or undefined for the root. */
  parent?: string;
  key?: ErrorClassKey;
  /** HTTP status(es) that raise it, where there is one. */
  status?: number | '5xx';
  /** The catalog id that explains it. */
  catalogId?: string;
}

export interface ErrorHierarchy {
  flavour: SdkFlavour;
  /** The SDK's root class: catching it catches every error the SDK raises. */
  root: string;
  /** Root first, then every class after its parent. */
  classes: readonly ErrorClass[];
  /** The class a generated catch-all handler names (after the specific ones). */
  catchAll: string;
}

/**
 * The classes that Python 1.x+ and Node v4+ share by name: one per HTTP status, under the SDK's status base
 * (Python `APIStatusError`, Node `APIError`), then the parse helpers' own errors.
 */
function statusAndParseErrors(statusBase: string): ErrorClass[] {
  return [
    { name: 'BadRequestError', parent: statusBase, key: 'badRequest', status: 400, catalogId: 'invalid-request' },
    { name: 'AuthenticationError', parent: statusBase, key: 'authentication', status: 401, catalogId: 'invalid-authentication' },
    { name: 'PermissionDeniedError', parent: statusBase, key: 'permission', status: 403, catalogId: 'permission-denied' },
    { name: 'NotFoundError', parent: statusBase, key: 'notFound', status: 404, catalogId: 'not-found' },
    { name: 'ConflictError', parent: statusBase, key: 'conflict', status: 409, catalogId: 'conflict' },
    { name: 'UnprocessableEntityError', parent: statusBase, key: 'unprocessable', status: 422, catalogId: 'unprocessable-entity' },
    { name: 'RateLimitError', parent: statusBase, key: 'rateLimit', status: 429, catalogId: 'rate-limit' },
    { name: 'InternalServerError', parent: statusBase, key: 'server', status: '5xx', catalogId: 'server-error' },
    { name: 'LengthFinishReasonError', parent: 'OpenAIError' },
    { name: 'ContentFilterFinishReasonError', parent: 'OpenAIError' },
  ];
}

const pythonV1: ErrorHierarchy = {
  flavour: 'openai-python-v1',
  root: 'OpenAIError',
  catchAll: 'APIError',
  classes: [
    { name: 'OpenAIError' },
    { name: 'APIError', parent: 'OpenAIError', catalogId: 'api-error' },
    { name: 'APIStatusError', parent: 'APIError' },
    { name: 'APIConnectionError', parent: 'APIError', key: 'connection', catalogId: 'connection-error' },
    { name: 'APITimeoutError', parent: 'APIConnectionError', key: 'timeout', catalogId: 'timeout' },
    { name: 'APIResponseValidationError', parent: 'APIError' },
    ...statusAndParseErrors('APIStatusError'),
  ],
};

const pythonV0: ErrorHierarchy = {
  flavour: 'openai-python-v0',
  root: 'OpenAIError',
  catchAll: 'OpenAIError',
  classes: [
    { name: 'OpenAIError' },
    { name: 'Timeout', parent: 'OpenAIError', key: 'timeout', catalogId: 'timeout' },
    { name: 'APIConnectionError', parent: 'OpenAIError', key: 'connection', catalogId: 'connection-error' },
    { name: 'AuthenticationError', parent: 'OpenAIError', key: 'authentication', status: 401, catalogId: 'invalid-authentication' },
    { name: 'PermissionError', parent: 'OpenAIError', key: 'permission', status: 403, catalogId: 'permission-denied' },
    { name: 'RateLimitError', parent: 'OpenAIError', key: 'rateLimit', status: 429, catalogId: 'rate-limit' },
    { name: 'InvalidRequestError', parent: 'OpenAIError', key: 'badRequest', status: 400, catalogId: 'invalid-request' },
    { name: 'TryAgain', parent: 'OpenAIError', key: 'conflict', status: 409, catalogId: 'conflict' },
    { name: 'ServiceUnavailableError', parent: 'OpenAIError', key: 'serviceUnavailable', status: 503, catalogId: 'service-unavailable' },
    { name: 'APIError', parent: 'OpenAIError', key: 'server', status: '5xx', catalogId: 'server-error' },
    { name: 'InvalidAPIType', parent: 'OpenAIError' },
    { name: 'SignatureVerificationError', parent: 'OpenAIError' },
  ],
};

const nodeV4: ErrorHierarchy = {
  flavour: 'openai-node-v4',
  root: 'OpenAIError',
  catchAll: 'APIError',
  classes: [
    { name: 'OpenAIError' },
    { name: 'APIError', parent: 'OpenAIError', catalogId: 'api-error' },
    { name: 'APIUserAbortError', parent: 'APIError' },
    { name: 'APIConnectionError', parent: 'APIError', key: 'connection', catalogId: 'connection-error' },
    { name: 'APIConnectionTimeoutError', parent: 'APIConnectionError', key: 'timeout', catalogId: 'timeout' },
    ...statusAndParseErrors('APIError'),
  ],
};

/** v3 (axios) has no classes of its own: errors are AxiosError, told apart by error.response.status. */
const nodeV3: ErrorHierarchy = {
  flavour: 'openai-node-v3',
  root: 'Error',
  catchAll: 'Error',
  classes: [{ name: 'Error' }, { name: 'AxiosError', parent: 'Error' }],
};

const hierarchies: Record<SdkFlavour, ErrorHierarchy> = {
  'openai-python-v1': pythonV1,
  'openai-python-v0': pythonV0,
  'openai-node-v4': nodeV4,
  'openai-node-v3': nodeV3,
};

export function errorHierarchy(flavour: SdkFlavour): ErrorHierarchy {
  return hierarchies[flavour];
}

/** Whether `name` is `ancestor` or inherits from it. */
export function isSubclassOf(hierarchy: ErrorHierarchy, name: string, ancestor: string): boolean {
  let current: string | undefined = name;
  while (current !== undefined) {
    if (current === ancestor) return true;
    current = hierarchy.classes.find((c) => c.name === current)?.parent;
  }
  return false;
}

/** The class a flavour uses for a key, if it has one. */
export function classForKey(hierarchy: ErrorHierarchy, key: ErrorClassKey): ErrorClass | undefined {
  return hierarchy.classes.find((c) => c.key === key);
}

/**
 * Orders classes so that every subclass comes before its base classes (so every handler can run),
 * keeping the given order otherwise.
 */
export function orderSubclassesFirst(hierarchy: ErrorHierarchy, names: readonly string[]): string[] {
  const result: string[] = [];
  for (const name of names) {
    const firstAncestorIndex = result.findIndex((placed) => placed !== name && isSubclassOf(hierarchy, name, placed));
    if (firstAncestorIndex === -1) result.push(name);
    else result.splice(firstAncestorIndex, 0, name);
  }
  return result;
}
