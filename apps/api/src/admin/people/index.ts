import type { Provider, Type } from '@nestjs/common';

/** The people part of administration (issue 15): its controllers and providers, registered by AppModule. */
export const peopleControllers: Type<unknown>[] = [];
export const peopleProviders: Provider[] = [];
