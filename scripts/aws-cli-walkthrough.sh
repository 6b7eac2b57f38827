#!/usr/bin/env bash
# The README's AWS CLI walk-through (section "Use the AWS CLI, SDKs and Terraform"), run exactly as the README
# shows it, so that the walk-through cannot rot: AwsCliWalkthroughE2E runs this script with Debian's AWS CLI v2
# (/usr/bin/aws, package awscli) against a Gantry on the test rig, and AwsCliWalkthroughTest checks that every
# command line of the README's block is here, in the same order, and every `aws` line here is in the README.
#
#   scripts/aws-cli-walkthrough.sh    the README's set-up: Gantry on http://localhost:8080, its bootstrap key in
#                                     data/bootstrap-credentials, the Docker engine on /var/run/docker.sock
#
# Environment (each defaults to the README's value): AWS_ENDPOINT_URL_ECS, AWS_REGION, AWS_SHARED_CREDENTIALS_FILE,
# AWS_PROFILE; WALKTHROUGH_CLUSTER, WALKTHROUGH_FAMILY, WALKTHROUGH_DOCKER (the engine to register),
# WALKTHROUGH_IMAGE (an image that engine has or can pull). The task definition file is written to the working
# directory. Exit status 0 when every command and waiter succeeded.
set -euo pipefail

if ! aws --version 2>&1 | grep -q '^aws-cli/2\.'; then
    echo "aws-cli-walkthrough: needs the AWS CLI v2 as 'aws' (found: $(aws --version 2>&1 || echo none))" >&2
    exit 2
fi

# --- the README's settings, each overridable from the environment
export AWS_ENDPOINT_URL_ECS=${AWS_ENDPOINT_URL_ECS:-http://localhost:8080} AWS_REGION=${AWS_REGION:-local}
export AWS_SHARED_CREDENTIALS_FILE=${AWS_SHARED_CREDENTIALS_FILE:-data/bootstrap-credentials}
export AWS_PROFILE=${AWS_PROFILE:-gantry} AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
# Always the explicit endpoint, whatever the CLI's version: a CLI before 2.13 ignores AWS_ENDPOINT_URL_ECS and
# would otherwise sign and send these calls to ecs.<region>.amazonaws.com.
aws() { command aws --endpoint-url "$AWS_ENDPOINT_URL_ECS" "$@"; }
cluster=${WALKTHROUGH_CLUSTER:-demo} family=${WALKTHROUGH_FAMILY:-web}
docker=${WALKTHROUGH_DOCKER:-unix:///var/run/docker.sock} image=${WALKTHROUGH_IMAGE:-gantry-test/busybox:1}

PS4='+ [${SECONDS}s] '  # each command on stderr as it runs, with the seconds since the start
set -x
# --- the walk-through: the README's block from its first command on, line for line

aws ecs create-cluster --cluster-name "$cluster"
aws ecs describe-clusters --clusters "$cluster" --include STATISTICS

instance=$(aws ecs register-container-instance --cluster "$cluster" \
  --attributes "name=gantry.docker-endpoint,value=$docker" "name=gantry.availability-zone,value=zone-a" \
  --query containerInstance.containerInstanceArn --output text)
aws ecs describe-container-instances --cluster "$cluster" --container-instances "$instance" \
  --query 'containerInstances[0].[status,agentConnected,registeredResources[?name==`MEMORY`].integerValue|[0]]'

cat > web.json <<EOF
{
  "family": "$family",
  "containerDefinitions": [{
    "name": "httpd", "image": "$image", "memory": 64, "cpu": 128, "essential": true,
    "command": ["sh", "-c", "echo hello > /www/index.html; trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait"],
    "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]
  }]
}
EOF
aws ecs register-task-definition --cli-input-json file://web.json --query taskDefinition.taskDefinitionArn

task=$(aws ecs run-task --cluster "$cluster" --task-definition "$family" --query 'tasks[0].taskArn' --output text)
aws ecs wait tasks-running --cluster "$cluster" --tasks "$task"
aws ecs describe-tasks --cluster "$cluster" --tasks "$task" \
  --query 'tasks[0].[lastStatus,containers[0].networkBindings[0].hostPort]'
aws ecs stop-task --cluster "$cluster" --task "$task" --reason "walk-through" --query task.desiredStatus
aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task"

aws ecs create-service --cluster "$cluster" --service-name web --task-definition "$family" --desired-count 2 \
  --query service.status
aws ecs wait services-stable --cluster "$cluster" --services web
aws ecs update-service --cluster "$cluster" --service web --desired-count 1 --force-new-deployment \
  --query 'service.deployments[].[status,desiredCount]'
aws ecs wait services-stable --cluster "$cluster" --services web
aws ecs describe-services --cluster "$cluster" --services web \
  --query 'services[0].[status,runningCount,length(deployments)]'
aws ecs delete-service --cluster "$cluster" --service web --force --query service.status
aws ecs wait services-inactive --cluster "$cluster" --services web

aws ecs deregister-container-instance --cluster "$cluster" --container-instance "$instance" \
  --query containerInstance.status
aws ecs delete-cluster --cluster "$cluster" --query cluster.status
