package dev.gantry.reconcile;

import dev.gantry.shared.TaskId;
import dev.gantry.shared.InstanceId;
import dev.gantry.docker.ContainerObservation;
import dev.gantry.instance.ContainerInstance;
import dev.gantry.service.Service;
import dev.gantry.service.ServiceEvents;
import dev.gantry.service.ServiceRepository;
import dev.gantry.task.ContainerSpecs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.springframework.stereotype.Component;

/**
 * What the host loop tells operators about containers it will not (or not yet) remove. The host loop calls each
 * report once per container and kind while the container stays listed (it remembers what it reported beside
 * when it first saw the container): a pass every few seconds must not repeat the same line, event or count.
 * <ul>
 *   <li>another installation's or unlabelled containers: one INFO line;</li>
 *   <li>security events: WARN with the marker {@value #SECURITY_MARKER} and the counter
 *       {@code gantry_security_events_total{kind}};</li>
 *   <li>a container of an unknown task: a service event (when it names a service of the cluster), else an INFO
 *       line, saying when it will be removed.</li>
 * </ul>
 */
@Component
public class OrphanReports {

    public static final String SECURITY_MARKER = "GANTRY_SECURITY";
    private static final Marker SECURITY = MarkerFactory.getMarker(SECURITY_MARKER);
    private static final Logger log = LoggerFactory.getLogger(OrphanReports.class);

    private final MeterRegistry meters;
    private final ServiceRepository services;
    private final ServiceEvents serviceEvents;

    OrphanReports(MeterRegistry meters, ServiceRepository services, ServiceEvents serviceEvents) {
        this.meters = meters;
        this.services = services;
        this.serviceEvents = serviceEvents;
    }

    void foreign(ContainerInstance instance, ContainerObservation o, String owner) {
        log.info("Container {} on container instance {} belongs to installation {}, not this one: left alone",
                o.name(), instance.id(), owner);
    }

    void security(ContainerInstance instance, ContainerObservation o, String kind, String detail) {
        Counter.builder("gantry.security.events").tag("kind", kind)
                .description("containers whose labels claim this installation but contradict it or the database")
                .register(meters).increment();
        log.warn(SECURITY, "[{}] kind={} container={} id={} instance={}: {}; the container is left alone, inspect it",
                SECURITY_MARKER, kind, o.name(), o.id(), instance.id(), detail);
    }

    void unknownTask(ContainerInstance instance, ContainerObservation o, String taskId, Instant removalAt) {
        ServiceEvents.Sentence sentence = ServiceEvents.unknownTaskContainer(o.name(), new TaskId(taskId), new InstanceId(instance.id()), removalAt);
        String service = o.labels().get(ContainerSpecs.LABEL_SERVICE);
        var known = service == null ? Optional.<Service>empty()
                : services.findByName(instance.clusterId(), service);
        if (known.isPresent()) {
            serviceEvents.record(known.get(), sentence);
        } else {
            log.info("Cluster {}: {}", instance.clusterId(), sentence);
        }
    }
}
