import type { ModuleContext, ModuleDefinition } from '@mercato/platform/module';
import { type Logger, pino } from 'pino';
import { sagaProgress } from '../src/saga/runner.ts';

/**
 * Where crash tests stop a saga, named after the runner's progress lines:
 * `reserve:unpersisted` (inventory answered, nothing recorded yet), `reserve` (the
 * step's outcome is recorded), `compensate:reserve` (its compensation is recorded).
 */
export function sagaPointOf(fields: unknown, message: unknown): string | undefined {
  const step = typeof fields === 'object' && fields !== null && 'step' in fields ? fields.step : undefined;
  if (typeof step !== 'string') return undefined;
  if (message === sagaProgress.answered) return `${step}:unpersisted`;
  if (message === sagaProgress.recorded) return step;
  if (message === sagaProgress.compensated) return `compensate:${step}`;
  return undefined;
}

/**
 * A logger that passes every line on to `logger` (at its level) and then calls
 * `onPoint` at each saga point. `onPoint` runs inside the runner's logging call: it
 * may kill the process or throw there, which stops the saga exactly at that point.
 */
export function sagaPointLogger(logger: Logger, onPoint: (point: string) => void): Logger {
  return pino({
    // The runner traces its steps at debug: this logger must see them whatever `logger` keeps.
    level: 'debug',
    hooks: {
      logMethod(args, _write, level) {
        const label = this.levels.labels[level];
        if (label !== undefined && logger.isLevelEnabled(label)) logger[label as pino.Level].apply(logger, args);
        const point = sagaPointOf(args[0], args[1]);
        if (point !== undefined) onPoint(point);
      },
    },
  });
}

/** A module definition whose context is changed from outside before the module is made. */
export function withContext<Api, Config, Uses>(
  definition: ModuleDefinition<Api, Config, Uses>,
  adapt: (context: ModuleContext<Config, Uses>) => ModuleContext<Config, Uses>,
): ModuleDefinition<Api, Config, Uses> {
  return { ...definition, create: (context) => definition.create(adapt(context)) };
}

/** The checkout module (or another definition) calling `onPoint` at every saga point it passes. */
export function atSagaPoints<Api, Config, Uses>(
  definition: ModuleDefinition<Api, Config, Uses>,
  onPoint: (point: string) => void,
): ModuleDefinition<Api, Config, Uses> {
  return withContext(definition, (context) => ({ ...context, logger: sagaPointLogger(context.logger, onPoint) }));
}
