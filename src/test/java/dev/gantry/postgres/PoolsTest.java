package dev.gantry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A derived pool keeps every setting that bounds database calls; only its name and size are its own. */
class PoolsTest {

    private static HikariDataSource configured() {
        HikariDataSource main = new HikariDataSource();
        main.setJdbcUrl("jdbc:postgresql://db.invalid:5432/gantry");
        main.setUsername("gantry");
        main.setPassword("secret");
        main.setPoolName("gantry-embedded");
        main.setConnectionTimeout(2500);
        main.setValidationTimeout(1000);
        main.setKeepaliveTime(30000);
        main.addDataSourceProperty("socketTimeout", "5");
        main.addDataSourceProperty("options", "-c statement_timeout=4s");
        main.setMaximumPoolSize(10);
        return main;
    }

    @Test
    void aDerivedPoolCopiesTimeoutsCredentialsAndDriverSettings() {
        try (HikariDataSource main = configured();
                HikariDataSource derived = Pools.derived(main, "scheduler", 8, 2)) {
            assertThat(derived.getPoolName()).isEqualTo("gantry-embedded-scheduler");
            assertThat(derived.getMaximumPoolSize()).isEqualTo(8);
            assertThat(derived.getMinimumIdle()).isEqualTo(2);
            assertThat(derived.getJdbcUrl()).isEqualTo(main.getJdbcUrl());
            assertThat(derived.getUsername()).isEqualTo("gantry");
            assertThat(derived.getPassword()).isEqualTo("secret");
            assertThat(derived.getConnectionTimeout()).isEqualTo(2500);
            assertThat(derived.getValidationTimeout()).isEqualTo(1000);
            assertThat(derived.getKeepaliveTime()).isEqualTo(30000);
            assertThat(derived.getDataSourceProperties()).containsEntry("socketTimeout", "5")
                    .containsEntry("options", "-c statement_timeout=4s");
            // opened lazily and even while the database is down: a borrow fails on its own timeout instead
            assertThat(derived.getInitializationFailTimeout()).isEqualTo(-1);
            assertThat(derived.isRunning()).isFalse();
        }
    }

    @Test
    void theMinimumIdleNeverExceedsTheSizeAndAnUnnamedPoolGetsGantrysName() {
        HikariDataSource main = configured();
        main.setPoolName(null);
        try (main; HikariDataSource one = Pools.derived(main, "lease", 1, 2)) {
            assertThat(one.getMinimumIdle()).isEqualTo(1);
            assertThat(one.getPoolName()).isEqualTo("gantry-lease");
        }
    }

    @Test
    void onlyAHikariPoolCanBeDerivedFrom() {
        try (HikariDataSource main = configured()) {
            assertThat(Pools.hikariBehind(main)).isSameAs(main);
        }
        assertThat(Pools.hikariBehind(new DriverManagerDataSource("jdbc:postgresql://db.invalid/x"))).isNull();
    }
}
