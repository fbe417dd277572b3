import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import type { DocumentActivities, ProjectionInput } from '@naskah/contracts';
import { DocumentMissingError, projectChainEvent } from '@naskah/persistence';

/** Writes the read-side projection of the document workflow (inbox, route, audit). */
@Injectable()
export class ProjectionActivities implements Pick<DocumentActivities, 'projectChainEvent'> {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async projectChainEvent({ state, event }: ProjectionInput): Promise<void> {
    try {
      await projectChainEvent(this.ds, state, event);
    } catch (e) {
      if (e instanceof DocumentMissingError) throw ApplicationFailure.nonRetryable(e.message, 'DocumentMissing');
      throw e; // database trouble: retried until it is back
    }
  }
}
