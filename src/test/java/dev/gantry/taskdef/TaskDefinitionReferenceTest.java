package dev.gantry.taskdef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.ApiException;
import dev.gantry.shared.Arns;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskDefinitionReferenceTest {

    private static final Arns ARNS = new Arns("local", "000000000000");

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", textBlock = """
            web,                                                        web,   null
            web:3,                                                      web,   3
            my_app-2:12,                                                my_app-2, 12
            arn:aws:ecs:local:000000000000:task-definition/web:3,       web,   3
            """)
    void parsesFamilyFamilyRevisionAndArn(String reference, String family, Integer revision) {
        assertThat(TaskDefinitionReference.parse(reference, ARNS, "taskDefinition"))
                .isEqualTo(new TaskDefinitionReference(family, revision));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "web:", "web:0", "web:-1", "web:x", "a b", "web:1:2",
            "arn:aws:ecs:local:000000000000:task-definition/web",
            "arn:aws:ecs:eu-west-1:000000000000:task-definition/web:1",
            "arn:aws:ecs:local:000000000000:cluster/web"})
    void malformedReferencesAreInvalidParameters(String reference) {
        assertThatThrownBy(() -> TaskDefinitionReference.parse(reference, ARNS, "taskDefinition"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidParameterException");
                    assertThat(e.errors().getFirst().field()).isEqualTo("taskDefinition");
                });
    }
}
