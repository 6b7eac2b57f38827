package dev.gantry.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitGroupsTest {

    @Test
    void everyRestActionHasAGroupOfItsOwnWithADefaultLimit() {
        assertThat(RestActions.names()).allSatisfy(action -> {
            assertThat(RateLimitGroups.of(action)).as(action).isNotEqualTo(RateLimitGroups.OTHER);
            assertThat(RateLimitGroups.defaults()).containsKey(RateLimitGroups.of(action));
        });
    }

    @Test
    void everyEcsActionGantryOffersHasAGroupOfItsOwnWithADefaultLimit() {
        assertThat(EcsActions.names()).allSatisfy(action -> {
            assertThat(RateLimitGroups.of(action)).as(action).isNotEqualTo(RateLimitGroups.OTHER);
            assertThat(RateLimitGroups.defaults()).containsKey(RateLimitGroups.of(action));
        });
    }

    @Test
    void theDefaultsFollowEcsWhereEcsDocumentsThem() {
        assertThat(RateLimitGroups.defaults().get(RateLimitGroups.of("DescribeClusters")))
                .isEqualTo(new TokenBucket.Limit(50, 20));
        assertThat(RateLimitGroups.defaults().get(RateLimitGroups.FAILED_AUTHENTICATIONS))
                .isEqualTo(new TokenBucket.Limit(10, 1));
        assertThat(RateLimitGroups.of("SomeEcsOnlyAction")).isEqualTo(RateLimitGroups.OTHER);
    }

    @Test
    void aConfiguredGroupOverridesBurstOrSustainedAlone() {
        Map<String, TokenBucket.Limit> merged = RateLimitSettings.merge(RateLimitGroups.defaults(), Map.of(
                "task-modify", new RateLimitSettings.Override(5, null),
                "cluster-read", new RateLimitSettings.Override(null, 0.5)));
        assertThat(merged.get("task-modify")).isEqualTo(new TokenBucket.Limit(5, 40));
        assertThat(merged.get("cluster-read")).isEqualTo(new TokenBucket.Limit(50, 0.5));
        assertThat(merged.get("service-read")).isEqualTo(RateLimitGroups.defaults().get("service-read"));
    }

    @Test
    void anUnknownGroupIsRefusedNamingTheGroups() {
        assertThatThrownBy(() -> RateLimitSettings.merge(RateLimitGroups.defaults(),
                Map.of("task-modfy", new RateLimitSettings.Override(5, 1.0))))
                .hasMessageContaining("gantry.security.rate-limits.task-modfy").hasMessageContaining("task-modify");
    }

    @Test
    void aLimitBelowOneOrWithoutRefillIsRefused() {
        assertThatThrownBy(() -> new TokenBucket.Limit(0, 1)).hasMessageContaining("burst");
        assertThatThrownBy(() -> new TokenBucket.Limit(1, 0)).hasMessageContaining("sustained");
    }

}
