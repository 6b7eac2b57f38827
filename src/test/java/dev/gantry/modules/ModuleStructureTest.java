package dev.gantry.modules;

import dev.gantry.GantryApplication;
import org.junit.jupiter.api.Test;
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
}
