package dev.gantry.taskdef;

import io.swagger.v3.oas.annotations.media.Schema;

/** ECS launch types. Gantry hosts are EC2-like Docker hosts, so FARGATE and MANAGED_INSTANCES are refused. */
@Schema(description = "EC2 and EXTERNAL are accepted; FARGATE and MANAGED_INSTANCES are refused")
public enum Compatibility { EC2, EXTERNAL, FARGATE, MANAGED_INSTANCES }
