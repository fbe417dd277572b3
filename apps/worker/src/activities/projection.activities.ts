import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { isUnauthenticatedPayload, UNAUTHENTICATED_PAYLOAD_FAILURE, type DocumentActivities, type ProjectionInput } from '@naskah/contracts';
import { DocumentMissingError, projectChainEvent } from '@naskah/persistence';

/** Writes the read-side projection of the document workflow (inbox, route, audit). */
@Injectable()
export class ProjectionActivities implements Pick<DocumentActivities, 'projectChainEvent'> {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async projectChainEvent(input: ProjectionInput): Promise<void> {
    // Scheduled by something that does not hold the payload key (never by the workflow): refused, not retried.
    if (isUnauthenticatedPayload(input)) throw ApplicationFailure.nonRetryable('unauthenticated payload', UNAUTHENTICATED_PAYLOAD_FAILURE);
    const { state, event, closedRounds, earlierActors } = input;
    try {
      await projectChainEvent(this.ds, state, event, { closedRounds, earlierActors });
    } catch (e) {
      if (e instanceof DocumentMissingError) throw ApplicationFailure.nonRetryable(e.message, 'DocumentMissing');
      throw e; // database trouble: retried until it is back
    }
  }
}
