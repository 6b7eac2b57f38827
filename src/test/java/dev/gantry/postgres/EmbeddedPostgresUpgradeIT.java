package dev.gantry.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.GantryApplication;
import dev.gantry.TestCredentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A data directory made by a Gantry from before passwords (the library's defaults: trust authentication, no
 * password file) is converted at the first start of this Gantry: a generated password, kept 0600, required from
 * then on, and the data that was there is kept.
 */
class EmbeddedPostgresUpgradeIT {

    @TempDir
    Path data;

    @Test
    void aTrustDirectoryOfAnOlderGantryGetsAPasswordAndKeepsItsData() throws Exception {
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
                Connection c = old.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE made_before_the_upgrade");
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");
        assertThat(data.resolve(EmbeddedPostgresServer.PASSWORD_FILE)).doesNotExist();

        try (ConfigurableApplicationContext gantry = new SpringApplicationBuilder(GantryApplication.class)
                .run(TestCredentials.withBootstrapArguments("--server.port=0",
                        "--gantry.embedded-postgres.data-directory=" + data, "--gantry.reconcile.initial-delay=1h"))) {
            Path passwordFile = data.toRealPath().resolve(EmbeddedPostgresServer.PASSWORD_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).isEqualTo(EmbeddedPostgresServer.HBA);
            assertThat(gantry.getBean(JdbcClient.class).sql("SELECT count(*) FROM pg_database WHERE datname = 'made_before_the_upgrade'")
                    .query(Integer.class).single()).isEqualTo(1);
            int port = gantry.getBean(EmbeddedPostgresServer.class).port();
            assertThatThrownBy(() -> connect(port, "not-the-password").close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            connect(port, Files.readString(passwordFile).trim()).close();
        }
    }

    private static Connection connect(int port, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
    }
}
