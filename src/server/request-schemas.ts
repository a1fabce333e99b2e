import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { PlexError, sendPlexError } from './plex-request';

// Routes declare the shape of their params, querystring and body as JSON schemas, and Fastify checks them
// before the handler runs (its own validation, with Ajv). A request that does not fit never reaches a handler:
// it becomes an error with `validation` set, which the scope's error handler answers in that scope's shape
// (Plex's error JSON here; the /link website re-renders its form, src/server/pages/pages.ts).
// Querystring schemas never forbid other properties: X-Plex-* values may ride in the query (plex-request.ts).

/** A row id in a path (`/api/v2/devices/17`): digits only, so it is a safe integer. */
export const ID_PARAMS = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^\\d{1,15}$', title: 'The id' } },
  required: ['id'],
} as const;

export interface IdParams {
  id: string;
}

/** A yes/no value in a query, as PMS and its clients write it (`excludeAllLeaves=1`). */
export const FLAG = { type: 'string', enum: ['0', '1'] } as const;

/**
 * The `:` of PMS's `/:/…` and `/video/:/…` paths as a parameter, so a client that percent-encodes it (`%3A`)
 * reaches the route too. Any other segment there fails this schema, and answerSchemaErrorsAsPlex answers 404,
 * as for an unknown path: the one place that check is made.
 */
export const COLON_PARAMS = {
  type: 'object',
  properties: { colon: { type: 'string', const: ':' } },
  required: ['colon'],
} as const;

export interface ColonParams {
  colon: ':';
}

interface SchemaProperty {
  title?: string;
  enum?: readonly unknown[];
}

/**
 * What is wrong with the request, in words a person can act on ("The code is missing."). A property's `title`
 * names it; without one, its wire name does.
 */
export function validationMessage(error: FastifyError, request: FastifyRequest): string {
  const problem = error.validation?.[0];
  if (!problem) return error.message;
  const field =
    problem.keyword === 'required'
      ? String(problem.params.missingProperty)
      : (problem.instancePath.split('/')[1] ?? '');
  // The whole part is missing or not a set of fields (no body at all, a JSON array…).
  if (!field) return `The request's ${error.validationContext ?? 'input'} is missing or not a set of fields.`;
  const property = propertyOf(request, error.validationContext, field);
  const label = property?.title ?? field;
  switch (problem.keyword) {
    case 'required':
      return `${label} is missing.`;
    case 'type':
      return problem.params.type === 'string'
        ? `${label} must be given once, as text.`
        : `${label} must be ${article(String(problem.params.type))}.`;
    case 'enum':
      return `${label} must be ${(property?.enum ?? []).map(String).join(' or ')}.`;
    case 'maxLength':
      return `${label} is too long (at most ${problem.params.limit} characters).`;
    case 'minimum':
      return `${label} must be at least ${problem.params.limit}.`;
    default:
      return `${label} is not valid.`;
  }
}

/** In a scope of the Plex-shaped API: a request that does not fit its route's schema gets Plex's 400. */
export function answerSchemaErrorsAsPlex(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    // Anything else goes on to the root handler (src/server/error-pages.ts).
    if (!error.validation) throw error;
    if (isOtherThanColon(error)) return sendPlexError(reply, PlexError.notFound);
    return sendPlexError(reply, PlexError.requestFailed, validationMessage(error, request));
  });
}

/** A path like `/x/timeline` for `/:/timeline`: another path, not a malformed request (COLON_PARAMS). */
function isOtherThanColon(error: FastifyError): boolean {
  return (
    error.validationContext === 'params' &&
    (error.validation ?? []).some((problem) => problem.instancePath === '/colon')
  );
}

function propertyOf(
  request: FastifyRequest,
  context: string | undefined,
  field: string,
): SchemaProperty | null {
  const schema = request.routeOptions.schema as Record<string, unknown> | undefined;
  const part = context
    ? (schema?.[context] as { properties?: Record<string, SchemaProperty> } | undefined)
    : null;
  return part?.properties?.[field] ?? null;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
