import type { OpenAPIObject } from '@nestjs/swagger';

/** The two ways to authenticate a REST call (CONTRACT §1, §8), as named in `components.securitySchemes`. */
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/**
 * Declares on every operation what the authentication guard really accepts, so the document cannot
 * disagree with it: public routes (`x-public`) nothing, session-only routes (`x-session-only`: a
 * person's own session or assignments) a Bearer token, every other route a Bearer token or an API key.
 */
export function declareCredentials(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as (Record<string, unknown> & { security?: unknown }) | undefined;
      if (!op) continue;
      if (op['x-public'] === true) {
        // Explicitly none: an operation without `security` would say nothing either way.
        op.security = [];
      } else if (op['x-session-only'] === true) {
        op.security = [{ [BEARER_SCHEME]: [] }];
      } else {
        op.security = [{ [BEARER_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }];
      }
    }
  }
  return doc;
}
