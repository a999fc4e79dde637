import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { Refusal } from '../domain/errors.ts';
import { sendCsvProblem } from './csv.ts';
import { errorsByField, HttpProblem, PROBLEMS, sendProblem, type Problem, type ProblemCode } from './problem.ts';
import { renderPage } from './render.ts';

/** What a form route gets back when its handler was refused: re-render with these. */
export interface FormFailure {
  status: number;
  code: ProblemCode;
  message: string;
  /** Field errors keyed by the form's field names. */
  errors: Record<string, string>;
  /** What the person sent, to put back in the fields. */
  values: Record<string, unknown>;
}

/** Re-renders the page a form came from; false when it cannot (the error page is shown instead). */
export type FormRenderer = (req: Request, res: Response, failure: FormFailure) => boolean | void;

/** What a route declares for the error handler, in res.locals (see rendersForm and answersAs). */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The route's form, re-rendered with a refusal's field errors and the values sent. */
      formRenderer?: (failure: FormFailure) => boolean | void;
      /** An export's format: its errors come back in it. */
      errorFormat?: 'json' | 'csv';
    }
  }
}

/**
 * Declares the page a route re-renders when its handler is refused (400/401/409/422/429).
 * Put it after the route's guard: a person who may not use the route gets the error page.
 */
export function rendersForm(render: FormRenderer): RequestHandler {
  return (req, res, next) => {
    // The error handler runs outside the route, where Express has reset req.params: keep the route's.
    const params = req.params;
    res.locals.formRenderer = (failure: FormFailure) => {
      req.params = params;
      return render(req, res, failure);
    };
    next();
  };
}

/** Declares the format of an export route's answers, errors included. */
export function answersAs(format: 'json' | 'csv'): RequestHandler {
  return (_req, res, next) => {
    res.locals.errorFormat = format;
    next();
  };
}

interface ParserError {
  status?: unknown;
  type?: unknown;
}

const PARSER_PROBLEMS: Record<string, { code: ProblemCode; detail: string }> = {
  'entity.parse.failed': { code: 'bad_request', detail: 'The request body is not valid JSON or form data.' },
  'entity.too.large': { code: 'payload_too_large', detail: 'The request body is too large (at most 32 KB).' },
  'charset.unsupported': { code: 'unsupported_media_type', detail: 'Send the body as UTF-8.' },
  'encoding.unsupported': { code: 'unsupported_media_type', detail: 'Send the body as UTF-8 without a content encoding.' },
  'parameters.too.many': { code: 'payload_too_large', detail: 'The form has too many fields.' },
};

const MALFORMED_ADDRESS = 'The address has a malformed percent-escape (such as %zz, or a character cut short); check the link.';

/** A path with a percent-escape that does not decode: matching a route parameter on it, Express throws a URIError. */
export function isUndecodablePath(path: string): boolean {
  if (!path.includes('%')) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** The API's paths, in the default world or a sandbox's (matched as Express routes them: case-insensitively). */
export function isApiPath(path: string): boolean {
  return /^(?:\/sandboxes\/[^/]*)?\/api(?:\/|$)/i.test(path);
}

/** Any error as a problem: refusals keep their code, an undecodable address and body-parser errors are 4xx, the rest a logged 500. */
export function toProblem(error: unknown, req: Request, logger: Logger): Problem {
  if (error instanceof Refusal) {
    const { errors = [], ...extra } = error.details;
    if (error.kind === 'forbidden' || error.kind === 'unauthorized') {
      logger.warn({ method: req.method, path: req.originalUrl.split('?')[0], code: error.kind }, 'refused');
    }
    return { code: error.kind, detail: error.message, errors, extra };
  }
  if (error instanceof HttpProblem) return { code: error.code, detail: error.message, errors: [], extra: {} };
  // Express's message names the escape and its stack the server's files: neither goes out.
  if (error instanceof URIError) return { code: 'bad_request', detail: MALFORMED_ADDRESS, errors: [], extra: {} };
  const parser: ParserError =
    typeof error === 'object' && error !== null
      ? { status: 'status' in error ? error.status : undefined, type: 'type' in error ? error.type : undefined }
      : {};
  if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
    const known = (typeof parser.type === 'string' && PARSER_PROBLEMS[parser.type]) ||
      (parser.status === 413 && PARSER_PROBLEMS['entity.too.large']) ||
      (parser.status === 415 && PARSER_PROBLEMS['charset.unsupported']) || {
        code: 'bad_request' as const,
        detail: 'The request could not be read (a malformed address or body).',
      };
    return { ...known, errors: [], extra: {} };
  }
  logger.error({ err: error, requestId: req.id, method: req.method, path: req.originalUrl.split('?')[0] }, 'unhandled error');
  return { code: 'internal_error', detail: 'Something went wrong on our side; it has been logged.', errors: [], extra: {} };
}

/** The API's one error policy: problem+json with a stable code, whatever went wrong. */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = toProblem(error, req, logger);
    if (!res.headersSent) sendProblem(res, problem);
  };
}

export const apiNotFound: RequestHandler = (req, res) => {
  sendProblem(res, {
    code: 'not_found',
    detail: `There is nothing at ${req.method} ${req.originalUrl.split('?')[0]}.`,
    errors: [],
    extra: {},
  });
};

// 413: a form whose body was too large to read comes back empty, with the message.
const RERENDERED = new Set([400, 401, 409, 413, 422, 429]);

function formValues(req: Request): Record<string, unknown> {
  return typeof req.body === 'object' && req.body !== null ? req.body : {};
}

/** The error page; if even that fails, a bare page, never a stack trace. */
function renderErrorPage(res: Response, problem: Problem, logger: Logger): void {
  const { status, title } = PROBLEMS[problem.code];
  renderPage(res, 'pages/error', { title, status, message: problem.detail, code: problem.code }, status, (error, html) => {
    if (!error) return res.send(html);
    logger.error({ err: error }, 'error page failed to render');
    res.type('text/plain').send(`${title}: ${problem.detail}`);
  });
}

/**
 * The pages' one error policy: an export answers in its own format; a refused form is
 * re-rendered by the renderer its route declared, with the field errors and the values sent;
 * anything else gets the error page.
 */
export function pageErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = toProblem(error, req, logger);
    if (res.headersSent) return;
    const format = res.locals.errorFormat;
    if (format === 'json') return sendProblem(res, problem);
    if (format === 'csv') return sendCsvProblem(res, problem);
    const { status } = PROBLEMS[problem.code];
    const render = res.locals.formRenderer;
    if (render && RERENDERED.has(status)) {
      const failure = {
        status,
        code: problem.code,
        message: problem.detail,
        errors: errorsByField(problem.errors),
        values: formValues(req),
      };
      try {
        if (render(failure) !== false) return;
      } catch (renderError) {
        return renderErrorPage(res, toProblem(renderError, req, logger), logger);
      }
    }
    renderErrorPage(res, problem, logger);
  };
}

export const pageNotFound: RequestHandler = (req, res) => {
  // An address that cannot be read is a bad request, whether or not a route would have matched it.
  if (isUndecodablePath(req.path)) {
    const { title, status } = PROBLEMS.bad_request;
    return renderPage(res, 'pages/error', { title, status, message: MALFORMED_ADDRESS, code: 'bad_request' }, status);
  }
  renderPage(res, 'pages/error', { title: 'Not found', status: 404, message: 'There is no page at this address.', code: 'not_found' }, 404);
};

/**
 * A path that cannot be decoded never reaches a route of the app's own: the mounts that match a
 * parameter (a sandbox's id, the cashier's no-store) would throw a URIError past the worlds' error
 * policies, to Express's default page. The API answers problem+json; a page goes to `defaultWorld`,
 * whose pages answer their 400 page in the layout.
 */
export function undecodablePaths(defaultWorld: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (!isUndecodablePath(req.path)) return next();
    if (isApiPath(req.path)) return sendProblem(res, { code: 'bad_request', detail: MALFORMED_ADDRESS, errors: [], extra: {} });
    defaultWorld(req, res, next);
  };
}

/**
 * The app's last error handler, after every world's own: whatever reaches it is answered by the
 * app (problem+json on an API path, else the error page, else plain text), never by Express's
 * default handler, which would show the error's stack outside production.
 */
export function lastErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = toProblem(error, req, logger);
    if (res.headersSent) return void res.end();
    if (isApiPath(req.path)) return sendProblem(res, problem);
    renderErrorPage(res, problem, logger);
  };
}
