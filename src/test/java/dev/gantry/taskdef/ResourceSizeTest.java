package dev.gantry.taskdef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceSizeTest {

    @ParameterizedTest(name = "cpu \"{0}\" is {1} units")
    @CsvSource(delimiter = '|', textBlock = """
            1024      | 1024
            128       | 128
            1 vCPU    | 1024
            0.5 vcpu  | 512
            2vCPU     | 2048
            0.25 VCPU | 256
            ' 4 vCPU '| 4096
            """)
    void cpuStringsNormaliseToUnits(String input, int units) {
        assertThat(ResourceSize.cpuUnits(input)).isEqualTo(units);
    }

    @ParameterizedTest(name = "memory \"{0}\" is {1} MiB")
    @CsvSource(delimiter = '|', textBlock = """
            512     | 512
            2048    | 2048
            2 GB    | 2048
            2GB     | 2048
            0.5 gb  | 512
            1 GiB   | 1024
            300 MiB | 300
            300 MB  | 300
            """)
    void memoryStringsNormaliseToMiB(String input, int mib) {
        assertThat(ResourceSize.memoryMiB(input)).isEqualTo(mib);
    }

    @ParameterizedTest(name = "cpu \"{0}\" is refused")
    @ValueSource(strings = {"", "lots", "1 core", "-1", "0.0001 vCPU", "100.5", "99999999999", "1 GB"})
    void malformedOrFractionalCpuIsRefused(String input) {
        assertThatIllegalArgumentException().isThrownBy(() -> ResourceSize.cpuUnits(input));
    }

    @ParameterizedTest(name = "memory \"{0}\" is refused")
    @ValueSource(strings = {"", "big", "2 TB", "1.5", "0.001 GB", "1 vCPU", "99999999999"})
    void malformedOrFractionalMemoryIsRefused(String input) {
        assertThatIllegalArgumentException().isThrownBy(() -> ResourceSize.memoryMiB(input));
    }
}
