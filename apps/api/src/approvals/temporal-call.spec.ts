import { HttpException } from '@nestjs/common';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { callErrorFromStatus } from '@grpc/grpc-js/build/src/call';
import {
  ApplicationFailure,
  NamespaceNotFoundError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { decodeOptionalFailureToOptionalError, encodeErrorToFailure, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { DomainError } from '@naskah/domain';
import { statusOf } from '../common/exception.filter';
import { callWorkflow, callWorkflowPatiently, TemporalCallFailed, TemporalUnavailable, toApiError } from './temporal-call';

// The errors as the SDK makes them: grpc-js's status error, wrapped as @temporalio/client's
// WorkflowClient wraps it (rethrowGrpcError, rethrowUpdateGrpcError), and an update's failure
// encoded by the worker and decoded by the client through the data converter.
const grpc = (code: GrpcStatus, details: string) => callErrorFromStatus({ code, details, metadata: new Metadata() }, '');
const service = (code: GrpcStatus, details: string, message = 'Workflow Update failed') => new ServiceError(message, { cause: grpc(code, details) });
const converter = loadDataConverter();
const updateFailed = async (failure: ApplicationFailure) =>
  new WorkflowUpdateFailedError(
    'Workflow Update failed',
    await decodeOptionalFailureToOptionalError(converter, await encodeErrorToFailure(converter, failure)),
  );
const refusal = (type: string, message: string, details?: object) =>
  updateFailed(ApplicationFailure.create({ type, message, details: details ? [details] : [], nonRetryable: true }));

/** What the caller gets: the exception filter's status and code for the error the API throws. */
function answer(e: unknown): { status: number; code: string } {
  if (e instanceof DomainError) return { status: statusOf(e.code), code: e.code };
  if (e instanceof HttpException) return { status: e.getStatus(), code: (e.getResponse() as { code: string }).code };
  return { status: 500, code: 'INTERNAL' };
}

const NOT_IN_APPROVAL = { status: 409, code: 'CONFLICT', message: 'Naskah tidak sedang dalam proses persetujuan' };
const UNAVAILABLE = { status: 503, code: 'UNAVAILABLE' };
const INTERNAL = { status: 500, code: 'INTERNAL' };

describe('Temporal errors to API errors (by error class and gRPC status)', () => {
  const table: Array<[string, () => Promise<unknown> | unknown, { status: number; code: string; message?: string; logged?: RegExp }]> = [
    [
      'update refused by the domain (422, with its Pasal)',
      () => refusal('RULE_VIOLATION', 'Wakil tidak boleh menandatangani', { pasal: 'Pasal 29 ayat (2)' }),
      { status: 422, code: 'RULE_VIOLATION', message: 'Wakil tidak boleh menandatangani' },
    ],
    ['update refused: not your step', () => refusal('CONFLICT', 'Bukan giliran Anda', { field: 'versionHash' }), { status: 409, code: 'CONFLICT' }],
    ['update refused: not yours', () => refusal('FORBIDDEN', 'Bukan naskah Anda'), { status: 403, code: 'FORBIDDEN' }],
    [
      'update failed with a failure type that is not the domain’s',
      () => refusal('UNAUTHENTICATED_PAYLOAD', 'Perintah tidak datang melalui API dan ditolak'),
      { ...INTERNAL, logged: /ApplicationFailure of type UNAUTHENTICATED_PAYLOAD/ },
    ],
    [
      'workflow already completed (NOT_FOUND, as the SDK raises it)',
      () => new WorkflowNotFoundError('workflow execution already completed', 'document:o:d', undefined),
      NOT_IN_APPROVAL,
    ],
    [
      'workflow never started',
      () => new WorkflowNotFoundError('workflow not found for ID: document:o:d', 'document:o:d', undefined),
      NOT_IN_APPROVAL,
    ],
    [
      'update-with-start meets a chain that already ended (ALREADY_EXISTS, as the SDK raises it)',
      () => new WorkflowExecutionAlreadyStartedError('Workflow execution already started', 'document:o:d', 'documentApproval'),
      NOT_IN_APPROVAL,
    ],
    ['NOT_FOUND wrapped in a ServiceError', () => service(GrpcStatus.NOT_FOUND, 'workflow not found'), NOT_IN_APPROVAL],
    [
      'FAILED_PRECONDITION: the workflow task that carried the update failed (a bug in the workflow)',
      () => service(GrpcStatus.FAILED_PRECONDITION, 'Unable to perform workflow execution update due to unexpected workflow task failure.'),
      { ...INTERNAL, logged: /FAILED_PRECONDITION: Unable to perform workflow execution update/ },
    ],
    [
      'connection refused (UNAVAILABLE)',
      () => service(GrpcStatus.UNAVAILABLE, 'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1.'),
      UNAVAILABLE,
    ],
    [
      'connect failure from Connection.connect',
      () => service(GrpcStatus.UNAVAILABLE, 'No connection established', 'Failed to connect to Temporal server'),
      UNAVAILABLE,
    ],
    ['start while unreachable', () => service(GrpcStatus.UNAVAILABLE, 'No connection established', 'Failed to start Workflow'), UNAVAILABLE],
    ['DEADLINE_EXCEEDED', () => service(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded', 'Failed to start Workflow'), UNAVAILABLE],
    ['RESOURCE_EXHAUSTED', () => service(GrpcStatus.RESOURCE_EXHAUSTED, 'namespace rate limit exceeded'), UNAVAILABLE],
    ['a raw gRPC UNAVAILABLE', () => grpc(GrpcStatus.UNAVAILABLE, 'Connection dropped'), UNAVAILABLE],
    [
      'the update RPC timed out',
      () => new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded', { cause: grpc(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded') }),
      UNAVAILABLE,
    ],
    [
      'INVALID_ARGUMENT (a request the API should not have built)',
      () => service(GrpcStatus.INVALID_ARGUMENT, 'UpdateId length exceeds limit.'),
      { ...INTERNAL, logged: /INVALID_ARGUMENT: UpdateId length exceeds limit/ },
    ],
    ['PERMISSION_DENIED', () => service(GrpcStatus.PERMISSION_DENIED, 'Request unauthorized.'), { ...INTERNAL, logged: /PERMISSION_DENIED/ }],
    ['INTERNAL', () => service(GrpcStatus.INTERNAL, 'persistence failure'), { ...INTERNAL, logged: /INTERNAL: persistence failure/ }],
    ['namespace missing (configuration)', () => new NamespaceNotFoundError('nope'), INTERNAL],
    ['a DomainError thrown on the way', () => new DomainError('NOT_FOUND', 'Naskah tidak ditemukan'), { status: 404, code: 'NOT_FOUND' }],
    ['our own 503', () => new TemporalUnavailable(), UNAVAILABLE],
    ['a bug', () => new TypeError("Cannot read properties of undefined (reading 'x')"), INTERNAL],
  ];

  it.each(table)('%s', async (_, make, expected) => {
    const mapped = toApiError(await make());
    expect(answer(mapped)).toEqual({ status: expected.status, code: expected.code });
    if (expected.message) expect((mapped as Error).message).toBe(expected.message);
    if (expected.logged) {
      expect(mapped).toBeInstanceOf(TemporalCallFailed);
      expect((mapped as Error).message).toMatch(expected.logged);
    }
  });

  it('keeps the Pasal and field of a domain refusal', async () => {
    const mapped = toApiError(await refusal('RULE_VIOLATION', 'Di luar kewenangan', { pasal: 'Pasal 29 ayat (2)', field: 'consideration' }));
    expect(mapped).toBeInstanceOf(DomainError);
    expect(mapped).toMatchObject({ pasal: 'Pasal 29 ayat (2)', field: 'consideration' });
  });
});

describe('callWorkflow', () => {
  it('answers with the workflow’s result', async () => {
    await expect(callWorkflow(async () => 'ok', 1000)).resolves.toBe('ok');
  });

  it('maps what the call throws', async () => {
    await expect(callWorkflow(() => Promise.reject(service(GrpcStatus.UNAVAILABLE, 'No connection established')), 1000)).rejects.toBeInstanceOf(
      TemporalUnavailable,
    );
  });

  it('answers 503 when the workflow does not answer in time', async () => {
    const never = new Promise<never>(() => undefined);
    const e = await callWorkflow(() => never, 20).catch((x: unknown) => x);
    expect(answer(e)).toEqual(UNAVAILABLE);
  });
});

describe('callWorkflowPatiently (an idempotent call after the database committed, or no one waiting)', () => {
  const unavailable = () => Promise.reject(service(GrpcStatus.UNAVAILABLE, 'No connection established'));

  it('waits out a short outage: tries again after 250, 500, 1000 ms and answers with the result', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await callWorkflowPatiently(
      () => (++calls <= 3 ? unavailable() : Promise.resolve('signed')),
      20_000,
      async (ms) => void waits.push(ms),
    );
    expect(result).toBe('signed');
    expect(calls).toBe(4);
    expect(waits).toEqual([250, 500, 1000]);
  });

  it('never waits more than 2 s between tries', async () => {
    const waits: number[] = [];
    let calls = 0;
    await callWorkflowPatiently(
      () => (++calls <= 6 ? unavailable() : Promise.resolve('ok')),
      60_000,
      async (ms) => void waits.push(ms),
    );
    expect(waits).toEqual([250, 500, 1000, 2000, 2000, 2000]);
  });

  it('gives up with the 503 once its time is spent', async () => {
    let calls = 0;
    const started = Date.now();
    const e = await callWorkflowPatiently(() => {
      calls++;
      return unavailable();
    }, 600).catch((x: unknown) => x);
    expect(answer(e)).toEqual(UNAVAILABLE);
    // 250 + 500 ms of waiting would pass the 600 ms: two tries, then the answer, never a wait past the time.
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not repeat a refusal or a call Temporal rejected for good', async () => {
    for (const error of [
      new DomainError('CONFLICT', 'Naskah tidak sedang dalam proses persetujuan'),
      service(GrpcStatus.PERMISSION_DENIED, 'denied'),
    ]) {
      let calls = 0;
      const e = await callWorkflowPatiently(
        () => {
          calls++;
          return Promise.reject(error);
        },
        20_000,
        async () => undefined,
      ).catch((x: unknown) => x);
      expect(calls).toBe(1);
      expect(e).not.toBeInstanceOf(TemporalUnavailable);
    }
  });
});
