/**
 * Value types and small utilities every feature uses (ARNs, ids, settings, the secret box). No beans with behaviour of their own beyond configuration.
 */
@ApplicationModule(allowedDependencies = {})
package dev.gantry.shared;

import org.springframework.modulith.ApplicationModule;
