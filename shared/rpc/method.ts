import type { z } from 'zod';

/** One method of the engine's contract: its input schema, whether it is long, and its output type. */
export interface MethodDefinition<Input extends z.ZodType, Output> {
  input: Input;
  /** Long-running methods report `job/progress` events and can be cancelled with `jobs/cancel`. */
  long: boolean;
  summary: string;
  /** Phantom field carrying the output type; never read at run time. */
  output?: Output;
}

export function method<Output>() {
  return <Input extends z.ZodType>(definition: Omit<MethodDefinition<Input, Output>, 'output'>) => definition as MethodDefinition<Input, Output>;
}
