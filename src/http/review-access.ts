import type { RequestHandler } from 'express';
import { Refusal } from '../domain/errors.ts';
import { linkTo } from './visit.ts';

/**
 * Review pages are open to anyone unless HUTONG_PUBLIC_REVIEW=0; then any
 * signed-in person may read them. Pages send visitors to sign in; the API says 401.
 */
export function reviewAccess(publicReview: boolean, kind: 'page' | 'api'): RequestHandler {
  return (req, res, next) => {
    if (publicReview || req.user) return next();
    if (kind === 'api') return next(new Refusal('unauthorized', 'Sign in (or send an API token) to read the rollout review.'));
    res.redirect(303, linkTo(req, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`));
  };
}
