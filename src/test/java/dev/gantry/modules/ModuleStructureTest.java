package dev.gantry.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.GantryApplication;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Every top-level package under {@code dev.gantry} is an application module, and the whole arrangement holds:
 * no cycles, nothing reaches into another module's {@code internal}, and each module depends only on the modules
 * its {@code package-info.java} allows. No exceptions are listed here, and none may be.
 */
class ModuleStructureTest {

    static final ApplicationModules MODULES = ApplicationModules.of(GantryApplication.class);

    @Test
    void modulesVerify() {
        MODULES.verify();
    }

    /**
     * Every module says which modules it may depend on, so the graph is written down and reviewed: a module
     * without the declaration would be allowed everything. An empty list (none) is a declaration too.
     */
    @Test
    void everyModuleDeclaresItsAllowedDependencies() throws ClassNotFoundException {
        List<String> undeclared = new ArrayList<>();
        for (var module : MODULES) {
            String base = module.getBasePackage().getName();
            ApplicationModule declared = Class.forName(base + ".package-info").getAnnotation(ApplicationModule.class);
            if (declared == null || List.of(declared.allowedDependencies()).contains(ApplicationModule.OPEN_TOKEN)) {
                undeclared.add(module.getIdentifier().toString());
            }
        }
        assertThat(MODULES.stream().count()).as("modules found").isGreaterThanOrEqualTo(12);
        assertThat(undeclared).as("modules without @ApplicationModule(allowedDependencies = ...) in package-info")
                .isEmpty();
    }
}
