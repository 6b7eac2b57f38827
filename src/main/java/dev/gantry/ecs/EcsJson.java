package dev.gantry.ecs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * The protocol's JSON, derived from the application's mapper (same naming, same records): timestamps as epoch
 * seconds with fractional milliseconds (a JSON number, {@code 1700000000.123}), null members left out, members the
 * adapter does not read ignored, and no coercion between scalar types, so {@code "count": "2"} or
 * {@code "cluster": 5} is refused naming the member, as ECS refuses it, rather than quietly converted.
 */
@Component
class EcsJson {

    private final JsonMapper mapper;

    EcsJson(JsonMapper application) {
        SimpleModule epochSeconds = new SimpleModule("ecs-epoch-seconds");
        epochSeconds.addSerializer(Instant.class, new ValueSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
                generator.writeNumber(epochSeconds(value));
            }
        });
        this.mapper = application.rebuild()
                .addModule(epochSeconds)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    /** Epoch seconds with millisecond fraction, as ECS writes timestamps. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    JsonMapper mapper() {
        return mapper;
    }
}
