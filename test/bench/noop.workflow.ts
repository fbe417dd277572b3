import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** Same shape as documentApproval (four updates with validators, in order), with no projection. */
export const noopStep = defineUpdate<number, [string]>('noopStep');
const ORDER = ['submit', 'paraf', 'paraf', 'sign'];

export async function benchNoop(): Promise<number> {
  let done = 0;
  setHandler(
    noopStep,
    (_action: string) => {
      done += 1;
      return done;
    },
    {
      validator: (action: string) => {
        if (ORDER[done] !== action) throw new Error(`expected ${ORDER[done]}`);
      },
    },
  );
  await condition(() => done === ORDER.length);
  return done;
}
