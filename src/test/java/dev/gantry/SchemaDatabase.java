package dev.gantry;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real PostgreSQL (embedded, its own data directory) with Gantry's schema migrated, and a small Spring context
 * holding only the given repositories (and what they are built from: JdbcClient, NamedParameterJdbcTemplate,
 * JsonMapper, TransactionTemplate). For repository round trips and concurrency tests that need the database and
 * nothing of the application's loops. Rows a test needs (a cluster, a task definition, a host) are made by
 * {@link #cluster()}, {@link #taskDefinition()} and {@link #host}, each with fresh names, so tests sharing one
 * database do not see each other's rows.
 */
public final class SchemaDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final AnnotationConfigApplicationContext context;
    private final JdbcClient jdbc;

    private SchemaDatabase(EmbeddedPostgres postgres, AnnotationConfigApplicationContext context) {
        this.postgres = postgres;
        this.context = context;
        this.jdbc = context.getBean(JdbcClient.class);
    }

    public static SchemaDatabase start(Class<?>... beans) {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(DataSource.class, () -> dataSource);
        context.registerBean(JdbcClient.class, () -> JdbcClient.create(dataSource));
        context.registerBean(NamedParameterJdbcTemplate.class, () -> new NamedParameterJdbcTemplate(dataSource));
        context.registerBean(JsonMapper.class, () -> JsonMapper.builder().build());
        context.registerBean(TransactionTemplate.class,
                () -> new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        for (Class<?> bean : beans) {
            context.registerBean(bean);
        }
        context.refresh();
        return new SchemaDatabase(postgres, context);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A new ACTIVE cluster; its id. */
    public long cluster() {
        return jdbc.sql("INSERT INTO cluster (name, status) VALUES (:n, 'ACTIVE') RETURNING id")
                .param("n", "c-" + UUID.randomUUID()).query(Long.class).single();
    }

    /** A new ACTIVE task definition (revision 1 of a new family); its id. */
    public long taskDefinition() {
        String family = "f-" + UUID.randomUUID();
        jdbc.sql("INSERT INTO task_definition_family (family, last_revision) VALUES (:f, 1)").param("f", family).update();
        return jdbc.sql("""
                INSERT INTO task_definition (family, revision, status, network_mode, document)
                VALUES (:f, 1, 'ACTIVE', 'bridge', '{}') RETURNING id""").param("f", family).query(Long.class).single();
    }

    /** A new ACTIVE, connected host of the cluster with the given capacity; its id. */
    public String host(long cluster, int cpu, int memory) {
        String id = newId();
        jdbc.sql("""
                INSERT INTO container_instance (id, cluster_id, status, docker_endpoint, engine_id, engine_name,
                  docker_version, registered_cpu, registered_memory, remaining_cpu, remaining_memory)
                VALUES (:id, :c, 'ACTIVE', 'tcp://10.0.0.1:2375', :id, 'engine', '20.10', :cpu, :mem, :cpu, :mem)""")
                .param("id", id).param("c", cluster).param("cpu", cpu).param("mem", memory).update();
        return id;
    }

    @Override
    public void close() throws IOException {
        context.close();
        postgres.close();
    }
}
