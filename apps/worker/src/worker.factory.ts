import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { AppConfig } from '@naskah/config';
import { workerDataConverter } from '@naskah/temporal';
import type { DocumentActivities } from '@naskah/contracts';
import { workflowBundleOptions } from './workflow-bundle';
import { LetterActivities } from './activities/letter.activities';
import { ProjectionActivities } from './activities/projection.activities';
import { SignatureActivities } from './activities/signature.activities';
import { WorkerModule } from './worker.module';

export interface NaskahWorker {
  worker: Worker;
  app: INestApplicationContext;
  connection: NativeConnection;
  /** Shuts the worker down, then the Nest context and the connection. */
  close(): Promise<void>;
}

/** Activities are Nest providers turned into a plain object for the Temporal worker. */
export function activitiesFrom(app: INestApplicationContext): DocumentActivities {
  const projection = app.get(ProjectionActivities);
  const letter = app.get(LetterActivities);
  const signature = app.get(SignatureActivities);
  return {
    projectChainEvent: projection.projectChainEvent.bind(projection),
    finalizeSignedLetter: letter.finalizeSignedLetter.bind(letter),
    settleSignature: signature.settleSignature.bind(signature),
  };
}

export async function createNaskahWorker(
  cfg: AppConfig,
  extra: Pick<WorkerOptions, 'workflowBundle' | 'maxCachedWorkflows'> & { logger?: boolean } = {},
): Promise<NaskahWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(cfg), {
    logger: extra.logger === false ? false : ['error', 'warn', 'log'],
  });
  const connection = await NativeConnection.connect({ address: cfg.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: cfg.TEMPORAL_NAMESPACE,
    taskQueue: cfg.TEMPORAL_TASK_QUEUE,
    ...(extra.workflowBundle ? { workflowBundle: extra.workflowBundle } : workflowBundleOptions),
    activities: activitiesFrom(app),
    // Payloads no configured key authenticates reach the workflow as a marker its validators refuse.
    dataConverter: workerDataConverter(cfg.TEMPORAL_PAYLOAD_KEYS),
    shutdownGraceTime: '10 seconds',
    maxCachedWorkflows: extra.maxCachedWorkflows,
  });
  const close = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await app.close();
    await connection.close();
  };
  return { worker, app, connection, close };
}
