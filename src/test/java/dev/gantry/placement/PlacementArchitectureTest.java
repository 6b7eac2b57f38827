package dev.gantry.placement;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.gantry.shared.InvalidInput;
import org.junit.jupiter.api.Test;

/**
 * The placement package is pure, and checked by an allow-list: it may use the JDK's language, collections, time
 * and decimal types, RE2/J (linear-time regular expressions for the query language), itself, and the shared error
 * contract ({@link InvalidInput}) — nothing else. Anything new it reaches for (a framework, JDBC, I/O, Docker,
 * another Gantry module) fails here until it is added on purpose. Spring Modulith checks the same module boundary
 * at the module level (ModuleStructureTest); this checks the libraries too.
 */
class PlacementArchitectureTest {
    private static final JavaClasses PLACEMENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gantry.placement");

    static final String[] ALLOWED_PACKAGES = {
        "java.lang", "java.lang.invoke", "java.util", "java.util.function", "java.util.stream", "java.util.regex",
        "java.util.concurrent", "java.time", "java.time.format", "java.math", "com.google.re2j", "dev.gantry.placement.."};

    @Test
    void placementDependsOnlyOnTheAllowList() {
        classes().that().resideInAPackage("dev.gantry.placement..").and().doNotHaveSimpleName("package-info")
                .should().onlyDependOnClassesThat(resideInAnyPackage(ALLOWED_PACKAGES).or(equivalentTo(InvalidInput.class)))
                .check(PLACEMENT);
    }
}
