package dev.gantry.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.Seeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ids in the forms ECS uses, and a seeded source that replays: the same seed, the same draws. */
class RandomnessTest {

    private static List<Object> draws(Randomness r) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            out.add(r.newId());
            out.add(r.newUuid());
            out.add(r.newNumericId(1_000_000_000_000_000_000L, Long.MAX_VALUE));
            out.add(r.tieBreakSeed());
        }
        return out;
    }

    @Test
    void aSeedReplaysEveryDrawAndAnotherSeedDoesNot() {
        long seed = Seeds.seed("RandomnessTest.aSeedReplaysEveryDrawAndAnotherSeedDoesNot");
        assertThat(draws(Randomness.seeded(seed))).isEqualTo(draws(Randomness.seeded(seed)));
        assertThat(draws(Randomness.seeded(seed + 1))).isNotEqualTo(draws(Randomness.seeded(seed)));
    }

    @Test
    void idsAndTieBreaksAreSeparateStreams() {
        long seed = Seeds.seed("RandomnessTest.idsAndTieBreaksAreSeparateStreams");
        Randomness plain = Randomness.seeded(seed);
        Randomness moreIds = Randomness.seeded(seed);
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            a.add(plain.tieBreakSeed());
            moreIds.newId();
            moreIds.newId();
            b.add(moreIds.tieBreakSeed());
        }
        assertThat(b).as("an extra id drawn does not shift the tie-breaks").isEqualTo(a);
    }

    @Test
    void idsHaveEcsFormsWhetherSeededOrNot() {
        for (Randomness r : List.of(Randomness.unpredictable(), Randomness.seeded(Seeds.seed("RandomnessTest.forms")))) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                String id = r.newId();
                assertThat(Ids.isId(id)).as(id).isTrue();
                ids.add(id);
                UUID uuid = r.newUuid();
                assertThat(uuid.version()).isEqualTo(4);
                assertThat(uuid.variant()).isEqualTo(2);
                assertThat(UUID.fromString(uuid.toString())).isEqualTo(uuid);
                assertThat(r.newNumericId(1_000_000_000_000_000_000L, Long.MAX_VALUE)).isBetween(
                        1_000_000_000_000_000_000L, Long.MAX_VALUE - 1);
            }
            assertThat(ids).as("%s: no repeats", r).hasSize(1000);
        }
    }
}
