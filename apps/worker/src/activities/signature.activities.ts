import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { isUnauthenticatedPayload, UNAUTHENTICATED_PAYLOAD_FAILURE, type DocumentActivities } from '@naskah/contracts';
import { settleSignatureAttempt } from '@naskah/persistence';

/** A signature claim the signer's request never ended: the database decides (settleSignatureAttempt). */
@Injectable()
export class SignatureActivities implements Pick<DocumentActivities, 'settleSignature'> {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  settleSignature(input: { documentId: string; attemptId: string }): Promise<{ signed: boolean }> {
    if (isUnauthenticatedPayload(input)) throw ApplicationFailure.nonRetryable('unauthenticated payload', UNAUTHENTICATED_PAYLOAD_FAILURE);
    return settleSignatureAttempt(this.ds, input.documentId, input.attemptId);
  }
}
