package dev.gantry.taskdef;

/** ACTIVE until deregistered, then INACTIVE (still describable; refused for new launches). */
public enum TaskDefinitionStatus { ACTIVE, INACTIVE, DELETE_IN_PROGRESS }
