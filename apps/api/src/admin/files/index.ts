import type { Provider, Type } from '@nestjs/common';

/** The files part of administration (issue 15): its controllers and providers, registered by AppModule. */
export const filesControllers: Type<unknown>[] = [];
export const filesProviders: Provider[] = [];
