package dev.gantry.cluster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A cluster row. Deleting keeps the row as INACTIVE so its ARN still describes. */
@Entity
@Table(name = "cluster")
public class Cluster {

    public enum Status { ACTIVE, INACTIVE }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @Enumerated(EnumType.STRING)
    private Status status;

    @JdbcTypeCode(SqlTypes.JSON)
    private String settings;

    @JdbcTypeCode(SqlTypes.JSON)
    private String tags;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Version
    private long version;

    protected Cluster() {
    }

    Cluster(String name, String settingsJson, String tagsJson, Instant now) {
        this.name = name;
        this.status = Status.ACTIVE;
        this.settings = settingsJson;
        this.tags = tagsJson;
        this.createdAt = now;
    }

    void markDeleted(Instant now) {
        this.status = Status.INACTIVE;
        this.deletedAt = now;
    }

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Status status() {
        return status;
    }

    public String settingsJson() {
        return settings;
    }

    public String tagsJson() {
        return tags;
    }

    public long version() {
        return version;
    }
}
