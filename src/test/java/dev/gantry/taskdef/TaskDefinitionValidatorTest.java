package dev.gantry.taskdef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.ApiException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registration rules, one named case each. Requests are written as JSON with single quotes;
 * {@code WEB} is a valid container to combine with the one under test.
 */
class TaskDefinitionValidatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WEB = "{'name':'web','image':'nginx:1.27','memory':128}";

    record Case(String name, String json, List<String> expectedFields) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case valid(String name, String json) {
        return new Case(name, json, List.of());
    }

    private static Case invalid(String name, String json, String... fields) {
        return new Case(name, json, List.of(fields));
    }

    private static String task(String members, String... containers) {
        return "{'family':'app'," + members + (members.isEmpty() ? "" : ",") + "'containerDefinitions':["
                + String.join(",", containers) + "]}";
    }

    static Stream<Case> taskCases() {
        return Stream.of(
                valid("control: one container with memory", task("", WEB)),
                valid("task memory makes container memory optional", task("'memory':'1 GB'", "{'name':'a','image':'i'}")),
                valid("cpu in vCPU and memory in GB", task("'cpu':'0.5 vCPU','memory':'2 GB'", WEB)),
                invalid("family is required", "{'containerDefinitions':[" + WEB + "]}", "family"),
                invalid("family characters", task("", WEB).replace("'app'", "'my app'"), "family"),
                invalid("family longer than 255", task("", WEB).replace("'app'", "'" + "f".repeat(256) + "'"), "family"));
    }

    static Stream<Case> containerCases() {
        return Stream.of(
                invalid("containers are required", "{'family':'app'}", "containerDefinitions"),
                invalid("at most 10 containers", task("", containers(11)), "containerDefinitions"),
                valid("exactly 10 containers", task("", containers(10))),
                invalid("container names are unique", task("", WEB, WEB), "containerDefinitions[1].name"),
                invalid("container name characters", task("", "{'name':'we b','image':'i','memory':64}"),
                        "containerDefinitions[0].name"),
                invalid("image is required", task("", "{'name':'a','memory':64}"), "containerDefinitions[0].image"),
                invalid("at least one essential container",
                        task("", "{'name':'a','image':'i','memory':64,'essential':false}"), "containerDefinitions"));
    }

    static Stream<Case> resourceCases() {
        return Stream.of(
                invalid("memory or memoryReservation without task memory", task("", "{'name':'a','image':'i'}"),
                        "containerDefinitions[0].memory"),
                invalid("memory above memoryReservation",
                        task("", "{'name':'a','image':'i','memory':128,'memoryReservation':128}"),
                        "containerDefinitions[0].memoryReservation"),
                valid("memoryReservation alone", task("", "{'name':'a','image':'i','memoryReservation':64}")),
                invalid("memory at least 6 MiB", task("", "{'name':'a','image':'i','memory':5}"),
                        "containerDefinitions[0].memory"),
                invalid("container memory within task memory", task("'memory':'64'", WEB), "containerDefinitions[0].memory"),
                invalid("cpu string unparseable", task("'cpu':'fast'", WEB), "cpu"),
                invalid("cpu below 128 units", task("'cpu':'64'", WEB), "cpu"),
                invalid("cpu above 196608 units", task("'cpu':'200 vCPU'", WEB), "cpu"),
                invalid("memory string unparseable", task("'memory':'2 TB'", WEB), "memory"),
                invalid("container cpu within task cpu", task("'cpu':'256'", "{'name':'a','image':'i','memory':64,'cpu':512}"),
                        "containerDefinitions"),
                invalid("awsvpc is refused", task("'networkMode':'awsvpc'", WEB), "networkMode"),
                invalid("FARGATE is refused", task("'requiresCompatibilities':['EC2','FARGATE']", WEB),
                        "requiresCompatibilities[1]"),
                valid("EC2 and EXTERNAL", task("'requiresCompatibilities':['EC2','EXTERNAL']", WEB)));
    }

    static Stream<Case> networkCases() {
        return Stream.of(
                invalid("none mode has no port mappings", task("'networkMode':'none'", withPorts("{'containerPort':80}")),
                        "containerDefinitions[0].portMappings"),
                invalid("host mode hostPort equals containerPort",
                        task("'networkMode':'host'", withPorts("{'containerPort':80,'hostPort':8080}")),
                        "containerDefinitions[0].portMappings[0].hostPort"),
                valid("host mode without hostPort", task("'networkMode':'host'", withPorts("{'containerPort':80}"))),
                valid("bridge dynamic ports may repeat", task("", withPorts("{'containerPort':80}", "{'containerPort':80,'hostPort':0}"))),
                invalid("duplicate static host port", task("", withPorts("{'containerPort':80,'hostPort':8080}",
                        "{'containerPort':81,'hostPort':8080}")), "containerDefinitions[0].portMappings[1].hostPort"),
                valid("same host port on tcp and udp", task("", withPorts("{'containerPort':53,'hostPort':53}",
                        "{'containerPort':53,'hostPort':53,'protocol':'udp'}"))),
                invalid("reserved host port", task("", withPorts("{'containerPort':80,'hostPort':2375}")),
                        "containerDefinitions[0].portMappings[0].hostPort"),
                invalid("reserved port via host mode", task("'networkMode':'host'", withPorts("{'containerPort':22}")),
                        "containerDefinitions[0].portMappings[0].hostPort"),
                invalid("containerPort range", task("", withPorts("{'containerPort':70000}")),
                        "containerDefinitions[0].portMappings[0].containerPort"),
                invalid("containerPort required", task("", withPorts("{'hostPort':80}")),
                        "containerDefinitions[0].portMappings[0].containerPort"),
                invalid("links only in bridge mode", task("'networkMode':'host'",
                        "{'name':'a','image':'i','memory':64,'links':['web:w']}", WEB), "containerDefinitions[0].links"));
    }

    static Stream<Case> healthAndDependencyCases() {
        return Stream.of(
                valid("health check with defaults", task("", withHealth("{'command':['CMD-SHELL','true']}"))),
                invalid("health check command prefix", task("", withHealth("{'command':['curl','x']}")),
                        "containerDefinitions[0].healthCheck.command"),
                invalid("health check bounds", task("", withHealth(
                        "{'command':['CMD','true'],'interval':4,'timeout':61,'retries':0,'startPeriod':301}")),
                        "containerDefinitions[0].healthCheck.interval", "containerDefinitions[0].healthCheck.timeout",
                        "containerDefinitions[0].healthCheck.retries", "containerDefinitions[0].healthCheck.startPeriod"),
                invalid("dependsOn names an existing container", task("", dependsOn("ghost", "START")),
                        "containerDefinitions[0].dependsOn[0].containerName"),
                invalid("dependsOn not on itself", task("", "{'name':'a','image':'i','memory':64,"
                        + "'dependsOn':[{'containerName':'a','condition':'START'}]}"),
                        "containerDefinitions[0].dependsOn[0].containerName"),
                valid("dependsOn START on essential", task("", dependsOn("web", "START"), WEB)),
                invalid("COMPLETE not on essential", task("", dependsOn("web", "COMPLETE"), WEB),
                        "containerDefinitions[0].dependsOn[0].condition"),
                invalid("SUCCESS not on essential", task("", dependsOn("web", "SUCCESS"), WEB),
                        "containerDefinitions[0].dependsOn[0].condition"),
                valid("SUCCESS on a non-essential init container", task("", dependsOn("init", "SUCCESS"),
                        "{'name':'init','image':'i','memory':64,'essential':false}")),
                invalid("HEALTHY needs a health check", task("", dependsOn("web", "HEALTHY"), WEB),
                        "containerDefinitions[0].dependsOn[0].condition"),
                valid("HEALTHY on a checked container", task("", dependsOn("web", "HEALTHY"),
                        withHealth("{'command':['CMD','true']}"))),
                invalid("dependsOn cycle", task("",
                        "{'name':'a','image':'i','memory':64,'dependsOn':[{'containerName':'b','condition':'START'}]}",
                        "{'name':'b','image':'i','memory':64,'dependsOn':[{'containerName':'a','condition':'START'}]}"),
                        "containerDefinitions[0].dependsOn", "containerDefinitions[1].dependsOn"));
    }

    static Stream<Case> volumeAndMiscCases() {
        return Stream.of(
                invalid("mountPoint names a declared volume", task("'volumes':[{'name':'data'}]",
                        "{'name':'a','image':'i','memory':64,'mountPoints':[{'sourceVolume':'logs','containerPath':'/l'}]}"),
                        "containerDefinitions[0].mountPoints[0].sourceVolume"),
                valid("mountPoint on a declared volume", task("'volumes':[{'name':'data','host':{'sourcePath':'/srv'}}]",
                        "{'name':'a','image':'i','memory':64,'mountPoints':[{'sourceVolume':'data','containerPath':'/d'}]}")),
                invalid("autoprovision needs shared scope", task("'volumes':[{'name':'v','dockerVolumeConfiguration':"
                        + "{'scope':'task','autoprovision':true}}]", WEB), "volumes[0].dockerVolumeConfiguration.autoprovision"),
                invalid("duplicate volume names", task("'volumes':[{'name':'v'},{'name':'v'}]", WEB), "volumes[1].name"),
                invalid("volumesFrom names another container", task("",
                        "{'name':'a','image':'i','memory':64,'volumesFrom':[{'sourceContainer':'zz'}]}"),
                        "containerDefinitions[0].volumesFrom[0].sourceContainer"),
                invalid("ulimit name and soft not above hard", task("",
                        "{'name':'a','image':'i','memory':64,'ulimits':[{'name':'files','softLimit':2,'hardLimit':1}]}"),
                        "containerDefinitions[0].ulimits[0].name", "containerDefinitions[0].ulimits[0].softLimit"),
                invalid("log driver from the ECS list", task("",
                        "{'name':'a','image':'i','memory':64,'logConfiguration':{'logDriver':'loki'}}"),
                        "containerDefinitions[0].logConfiguration.logDriver"),
                invalid("restart attempt period", task("",
                        "{'name':'a','image':'i','memory':64,'restartPolicy':{'enabled':true,'restartAttemptPeriod':10}}"),
                        "containerDefinitions[0].restartPolicy.restartAttemptPeriod"),
                invalid("at most 10 placement constraints", task("'placementConstraints':[" + constraints(11) + "]", WEB),
                        "placementConstraints"),
                invalid("constraint expression required", task("'placementConstraints':[{'type':'memberOf'}]", WEB),
                        "placementConstraints[0].expression"),
                invalid("tag key reserved prefix", task("'tags':[{'key':'aws:x','value':'v'}]", WEB), "tags[0].key"),
                invalid("tag value length", task("'tags':[{'key':'k','value':'" + "v".repeat(257) + "'}]", WEB), "tags[0].value"));
    }

    private static String with(String members) {
        return "{'name':'a','image':'i','memory':64," + members + "}";
    }

    /** Settings Docker applies as they are: what would be dropped or refused by Docker is refused here. */
    static Stream<Case> runtimeSettingCases() {
        return Stream.of(
                valid("stopTimeout at ECS's cap", task("", with("'stopTimeout':120"))),
                invalid("stopTimeout above ECS's cap", task("", with("'stopTimeout':121")),
                        "containerDefinitions[0].stopTimeout"),
                invalid("stopTimeout negative", task("", with("'stopTimeout':-1")), "containerDefinitions[0].stopTimeout"),
                valid("startTimeout at the cap", task("", with("'startTimeout':600"))),
                invalid("startTimeout above the cap", task("", with("'startTimeout':601")),
                        "containerDefinitions[0].startTimeout"),
                valid("capabilities and security options", task("", with("'linuxParameters':{'capabilities':"
                        + "{'add':['NET_ADMIN'],'drop':['ALL']}},'dockerSecurityOptions':['no-new-privileges',"
                        + "'apparmor:docker-default','label:disable']"))),
                invalid("capability names from the ECS list", task("", with("'linuxParameters':{'capabilities':"
                        + "{'add':['CAP_NET_ADMIN'],'drop':['bogus']}}")),
                        "containerDefinitions[0].linuxParameters.capabilities.add[0]",
                        "containerDefinitions[0].linuxParameters.capabilities.drop[0]"),
                invalid("security option forms", task("", with("'dockerSecurityOptions':['seccomp=unconfined',"
                        + "'credentialspec:file://x.json']")), "containerDefinitions[0].dockerSecurityOptions[0]",
                        "containerDefinitions[0].dockerSecurityOptions[1]"),
                valid("pidMode and ipcMode host", task("'pidMode':'host','ipcMode':'host'", WEB)),
                valid("ipcMode none", task("'ipcMode':'none'", WEB)),
                invalid("pidMode and ipcMode task are refused", task("'pidMode':'task','ipcMode':'task'", WEB),
                        "pidMode", "ipcMode"),
                invalid("awsfirelens needs the ECS agent", task("", with("'logConfiguration':{'logDriver':'awsfirelens'}")),
                        "containerDefinitions[0].logConfiguration.logDriver"),
                valid("log driver with options", task("", with("'logConfiguration':{'logDriver':'json-file',"
                        + "'options':{'max-size':'1m'}}"))),
                invalid("maxSwap needs a hard memory limit", task("",
                        "{'name':'a','image':'i','memoryReservation':64,'linuxParameters':{'maxSwap':0}}"),
                        "containerDefinitions[0].linuxParameters.maxSwap"),
                invalid("swappiness range and tmpfs size", task("", with("'linuxParameters':{'swappiness':101,"
                        + "'tmpfs':[{'containerPath':'scratch'}]}")),
                        "containerDefinitions[0].linuxParameters.swappiness",
                        "containerDefinitions[0].linuxParameters.tmpfs[0].containerPath",
                        "containerDefinitions[0].linuxParameters.tmpfs[0].size"),
                invalid("dns in host network mode", task("'networkMode':'host'", with("'dnsServers':['1.1.1.1']")),
                        "containerDefinitions[0].dnsServers"),
                invalid("hostname in host network mode (it used to be dropped)",
                        task("'networkMode':'host'", with("'hostname':'web'")), "containerDefinitions[0].hostname"),
                valid("hostname in bridge mode", task("", with("'hostname':'web'"))),
                invalid("links name another container", task("", with("'links':['db:database']")),
                        "containerDefinitions[0].links[0]"),
                invalid("extraHosts need hostname and address", task("", with("'extraHosts':[{'hostname':'db'}]")),
                        "containerDefinitions[0].extraHosts[0]"),
                valid("own docker labels", task("", with("'dockerLabels':{'team':'web','com.example.tier':'front'}"))),
                invalid("docker labels under gantry. are Gantry's (a forged gantry.task-arn or gantry.epoch)",
                        task("", with("'dockerLabels':{'Gantry.Epoch':'99','team':'web'}")),
                        "containerDefinitions[0].dockerLabels.Gantry.Epoch"),
                invalid("volume labels under gantry. are Gantry's", task("'volumes':[{'name':'v','dockerVolumeConfiguration':"
                        + "{'scope':'task','labels':{'gantry.installation':'x'}}}]", WEB),
                        "volumes[0].dockerVolumeConfiguration.labels.gantry.installation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"taskCases", "containerCases", "resourceCases", "networkCases",
            "healthAndDependencyCases", "volumeAndMiscCases", "runtimeSettingCases"})
    void appliesTheRegistrationRules(Case c) {
        RegisterTaskDefinitionRequest request = JSON.readValue(c.json().replace('\'', '"'), RegisterTaskDefinitionRequest.class);
        List<String> fields = TaskDefinitionValidator.problemsIn(request).stream().map(ApiException.FieldProblem::field).toList();
        assertThat(fields).containsExactlyInAnyOrderElementsOf(c.expectedFields());
    }

    @Test
    void reportsEveryProblemInOneClientException() {
        RegisterTaskDefinitionRequest request = JSON.readValue(
                "{\"family\":\"bad family\",\"containerDefinitions\":[{\"name\":\"a\"}]}", RegisterTaskDefinitionRequest.class);
        assertThatThrownBy(() -> TaskDefinitionValidator.validate(request))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("ClientException");
                    assertThat(e.errors()).extracting(ApiException.FieldProblem::field).containsExactly(
                            "family", "containerDefinitions[0].image", "containerDefinitions[0].memory");
                });
    }

    private static String[] containers(int count) {
        return Stream.iterate(0, i -> i + 1).limit(count)
                .map(i -> "{'name':'c" + i + "','image':'i','memory':64}").toArray(String[]::new);
    }

    private static String withPorts(String... mappings) {
        return "{'name':'a','image':'i','memory':64,'portMappings':[" + String.join(",", mappings) + "]}";
    }

    private static String withHealth(String check) {
        return "{'name':'web','image':'i','memory':64,'healthCheck':" + check + "}";
    }

    private static String dependsOn(String target, String condition) {
        return "{'name':'a','image':'i','memory':64,'dependsOn':[{'containerName':'" + target + "','condition':'"
                + condition + "'}]}";
    }

    private static String constraints(int count) {
        return String.join(",", Stream.generate(() -> "{'type':'memberOf','expression':'attribute:x == y'}")
                .limit(count).toList());
    }
}
