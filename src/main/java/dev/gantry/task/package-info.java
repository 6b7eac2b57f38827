/**
 * Tasks: RunTask/StartTask (placement and the per-host commit), StopTask, Describe/List, container logs, the task lifecycle and its repository. Launch plans are read from registered task definitions.
 */
package dev.gantry.task;
