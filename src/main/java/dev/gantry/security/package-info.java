/**
 * Who is calling and what they may do: access keys Gantry issues (the secret sealed at rest), authentication by
 * HTTP Basic, AWS Signature Version 4 and optionally OIDC bearer tokens, roles and cluster limits, the audit log and
 * per-key rate limits. Every other module is reached only through the HTTP layer this module guards; the ECS
 * protocol endpoint verifies signatures with the same verifier.
 */
@ApplicationModule(allowedDependencies = {"api", "shared", "postgres"})
package dev.gantry.security;

import org.springframework.modulith.ApplicationModule;
