package dev.gantry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command-line settings of the embedded server (they override the library's test defaults). */
class EmbeddedPostgresServerTest {

    @Test
    void durableByDefaultAndReachableOnlyOverLoopback() {
        assertThat(EmbeddedPostgresServer.serverSettings(true)).containsEntry("fsync", "on")
                .containsEntry("synchronous_commit", "on").containsEntry("full_page_writes", "on")
                .containsEntry("listen_addresses", "127.0.0.1").containsEntry("unix_socket_directories", "''")
                .containsEntry("password_encryption", "scram-sha-256");
    }

    @Test
    void throwAwayTestDatabasesMayTradeDurabilityForSpeed() {
        assertThat(EmbeddedPostgresServer.serverSettings(false)).containsEntry("fsync", "off")
                .containsEntry("synchronous_commit", "off").containsEntry("full_page_writes", "off")
                .containsEntry("listen_addresses", "127.0.0.1");
    }

    @Test
    void pgHbaAdmitsOnlyTheSuperuserWithAPasswordOverLoopback() {
        assertThat(EmbeddedPostgresServer.HBA.lines().filter(l -> !l.startsWith("#")).toList())
                .containsExactly("host all postgres 127.0.0.1/32 scram-sha-256");
    }
}
