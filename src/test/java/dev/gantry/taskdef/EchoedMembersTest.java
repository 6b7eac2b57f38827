package dev.gantry.taskdef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EchoedMembersTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private ObjectNode object(String text) {
        return (ObjectNode) json.readTree(text.replace('\'', '"'));
    }

    @Test
    void keptOfDropsReadOnlyMembersTagsAndNullsButKeepsUnknownOnes() {
        ObjectNode kept = EchoedMembers.keptOf(object("""
                {'family':'web','taskDefinitionArn':'arn:x','revision':3,'status':'ACTIVE','registeredAt':1.5,
                 'compatibilities':['EC2'],'requiresAttributes':[],'tags':[{'key':'a','value':'b'}],'pidMode':null,
                 'proxyConfiguration':{'type':'APPMESH','containerName':'web'},
                 'containerDefinitions':[{'name':'web','systemControls':[{'namespace':'n','value':'v'}],'user':null}]}"""));
        assertThat(kept).isEqualTo(object("""
                {'family':'web','proxyConfiguration':{'type':'APPMESH','containerName':'web'},
                 'containerDefinitions':[{'name':'web','systemControls':[{'namespace':'n','value':'v'}]}]}"""));
    }

    @Test
    void mergeKeepsWhatGantryDoesNotModelAndGantrysValuesWin() {
        ObjectNode merged = EchoedMembers.merge(
                object("{'cpu':'1024','containerDefinitions':[{'name':'web','essential':true,"
                        + "'portMappings':[{'containerPort':80,'protocol':'tcp'}]}],'compatibilities':['EC2']}"),
                object("{'cpu':'1 vCPU','runtimePlatform':{'cpuArchitecture':'ARM64'},'containerDefinitions':[{'name':'web',"
                        + "'firelensConfiguration':{'type':'fluentbit'},'portMappings':[{'containerPort':80,"
                        + "'containerPortRange':'9000-9010'}]}]}"));
        assertThat(merged).isEqualTo(object("""
                {'cpu':'1024','runtimePlatform':{'cpuArchitecture':'ARM64'},'compatibilities':['EC2'],
                 'containerDefinitions':[{'name':'web','essential':true,'firelensConfiguration':{'type':'fluentbit'},
                   'portMappings':[{'containerPort':80,'protocol':'tcp','containerPortRange':'9000-9010'}]}]}"""));
        assertThat(EchoedMembers.merge(object("{'volumes':[{'name':'a'}]}"), object("{'volumes':[{'x':1},{'y':2}]}")))
                .as("lists of different lengths: Gantry's").isEqualTo(object("{'volumes':[{'name':'a'}]}"));
        assertThat(EchoedMembers.merge(object("{'a':1}"), null)).isEqualTo(object("{'a':1}"));
    }

    @Test
    void membersGantryCannotHonourAreRefusedNamingThemUnlessEmpty() {
        assertThatThrownBy(() -> EchoedMembers.keptOf(object("""
                {'containerDefinitions':[{'name':'a'},{'name':'b','secrets':[{'name':'S','valueFrom':'arn'}],
                  'linuxParameters':{'devices':[{'hostPath':'/dev/fuse'}]}}]}""")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("containerDefinitions[1].linuxParameters.devices")
                .hasMessageContaining("and 1 more")
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("InvalidParameterException"));
        assertThat(EchoedMembers.refusedIn(object("{'inferenceAccelerators':[{'deviceName':'d'}]}")))
                .extracting(ApiException.FieldProblem::field).containsExactly("inferenceAccelerators");
        assertThat(EchoedMembers.refusedIn(object(
                "{'inferenceAccelerators':[],'containerDefinitions':[{'secrets':[],'logConfiguration':{'secretOptions':[]}}]}")))
                .isEmpty();
    }
}
