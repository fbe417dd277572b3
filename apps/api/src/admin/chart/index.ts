import type { Provider, Type } from '@nestjs/common';

/** The chart part of administration (issue 15): its controllers and providers, registered by AppModule. */
export const chartControllers: Type<unknown>[] = [];
export const chartProviders: Provider[] = [];
