/**
 * Value types and small utilities every feature uses (ARNs, ids, settings, the secret box). No beans with behaviour of their own beyond configuration.
 */
package dev.gantry.shared;
