// Entry point of the worker threads that render and sign letters off the activity event loop.
import { renderAndSign, RenderAndSignInput } from './render-and-sign';

export default async function render(input: RenderAndSignInput): Promise<Uint8Array> {
  return renderAndSign(input);
}
