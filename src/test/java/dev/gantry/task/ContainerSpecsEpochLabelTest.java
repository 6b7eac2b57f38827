package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The container says under which lease epoch the scheduler launched it; a RunTask container says nothing. */
class ContainerSpecsEpochLabelTest {

    @Test
    void aSchedulerLaunchCarriesItsEpoch() {
        var id = new ContainerSpecs.TaskIdentity("t1", "arn:task/t1", "arn:cluster/c", "arn:td/web:1", "web", 7L, null, null);
        assertThat(ContainerSpecs.labels(id, "app")).containsEntry(ContainerSpecs.LABEL_EPOCH, "7");
    }

    @Test
    void aTaskNotLaunchedOnALeaseHasNoEpochLabel() {
        var id = new ContainerSpecs.TaskIdentity("t1", "arn:task/t1", "arn:cluster/c", "arn:td/web:1", null);
        assertThat(ContainerSpecs.labels(id, "app")).doesNotContainKey(ContainerSpecs.LABEL_EPOCH);
    }
}
