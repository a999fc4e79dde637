import { z } from 'zod';

/** An instant the API sends: ISO-8601 UTC (what toISOString gives), so a generated client reads it as a date-time. */
export const instantJson = z.string().meta({ format: 'date-time' });
