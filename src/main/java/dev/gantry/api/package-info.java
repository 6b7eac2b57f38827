/**
 * Web infrastructure every controller shares: problem+json errors, pagination tokens, If-Match handling, OpenAPI setup, ARN paths. Holds no business rules.
 */
@ApplicationModule(allowedDependencies = {"shared", "postgres"})
package dev.gantry.api;

import org.springframework.modulith.ApplicationModule;
