package dev.gantry.placement;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The placement package is pure: JDK only, no framework, no persistence, no Docker, no other Gantry module. */
class PlacementArchitectureTest {
    private static final JavaClasses PLACEMENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gantry.placement");

    @Test
    void placementDependsOnNoFrameworkDatabaseOrDockerLibrary() {
        noClasses().that().resideInAPackage("dev.gantry.placement..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "java.sql..", "jakarta.persistence..", "com.github.dockerjava..")
                .check(PLACEMENT);
    }

    @Test
    void placementDependsOnNoOtherGantryPackage() {
        noClasses().that().resideInAPackage("dev.gantry.placement..")
                .should().dependOnClassesThat(resideInAPackage("dev.gantry..")
                        .and(DescribedPredicate.not(resideInAPackage("dev.gantry.placement.."))))
                .check(PLACEMENT);
    }
}
