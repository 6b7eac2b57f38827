package dev.gantry.shared;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * Time is an input: production code takes the {@link Clock} bean (or the database clock) and never reads the wall
 * clock itself, so every decision can run in virtual time and under injected skew. {@code System.nanoTime()} is
 * allowed: it measures spans of real time (timeouts, durations), not a time of day. The one {@code Clock.systemUTC()}
 * is {@link ClockConfiguration}'s bean.
 */
class WallClockArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gantry");

    @Test
    void productionCodeReadsNoTimeOfDayButThroughTheClockBean() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.gantry..")
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callConstructor(Date.class)
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .because("time is an input: take the Clock bean (or DatabaseClock where stored times are compared)");
        rule.check(MAIN);
    }

    @Test
    void onlyTheClockConfigurationCreatesTheSystemClock() {
        noClasses().that().resideInAPackage("dev.gantry..").and().doNotHaveFullyQualifiedName(ClockConfiguration.class.getName())
                .should().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "system", java.time.ZoneId.class)
                .check(MAIN);
    }
}
