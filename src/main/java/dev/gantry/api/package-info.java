/**
 * Web infrastructure every controller shares: problem+json errors, pagination tokens, If-Match handling, OpenAPI setup, ARN paths. Holds no business rules.
 */
package dev.gantry.api;
