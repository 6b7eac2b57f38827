/**
 * The ECS wire protocol (awsJson1_1, ecs-semantics §4): {@code POST /} with {@code X-Amz-Target}, so the AWS CLI, the
 * SDKs and Terraform work against Gantry unchanged. An adapter only: it reads ECS's request shapes, calls the same
 * application services REST v1 calls (every rule lives there once) and writes ECS's response and error shapes.
 * Authentication is the security chain's (SigV4 only here); authorisation of the cluster named in the body is
 * {@code security.EcsCallAuthorisation}'s, asked by the dispatcher before any operation runs.
 */
@ApplicationModule(allowedDependencies = {"api", "postgres", "security", "shared", "cluster", "instance", "taskdef", "task",
        "service"})
package dev.gantry.ecs;

import org.springframework.modulith.ApplicationModule;
