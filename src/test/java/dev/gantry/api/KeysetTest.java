package dev.gantry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeysetTest {

    @ParameterizedTest(name = "maxResults {0} -> page {1}, reads {2}")
    @CsvSource(nullValues = "null", value = {"null, 100, 101", "1, 1, 2", "37, 37, 38", "100, 100, 101"})
    void pageSizeAndRowsToRead(Integer maxResults, int size, int limit) {
        Keyset keyset = Keyset.of(maxResults, null);
        assertThat(keyset.size()).isEqualTo(size);
        assertThat(keyset.limit()).isEqualTo(limit);
        assertThat(keyset.after()).isNull();
    }

    @Test
    void theDefaultSizeIsTheListsOwn() {
        assertThat(Keyset.of(null, null, 10).size()).isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "101"})
    void maxResultsOutOfRangeIsA400NamingIt(int maxResults) {
        assertThatThrownBy(() -> Keyset.of(maxResults, null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errors()).extracting(ApiException.FieldProblem::field).containsExactly("maxResults"));
    }

    @ParameterizedTest
    @CsvSource({"not-base64!", "dGhpcyBpcyBubyB0b2tlbg"}) // the second decodes, but has no version prefix
    void aTokenNotIssuedByUsIsA400NamingIt(String token) {
        assertThatThrownBy(() -> Keyset.of(null, token)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errors()).extracting(ApiException.FieldProblem::field).containsExactly("nextToken"));
    }

    @Test
    void aPositionTheListCannotParseIsA400NamingTheToken() {
        Keyset keyset = Keyset.of(null, PageToken.encode("web:notanumber"));
        assertThatThrownBy(() -> keyset.afterAs(p -> Integer.parseInt(p.substring(p.indexOf(':') + 1)), 0))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).extracting(ApiException.FieldProblem::field).containsExactly("nextToken"));
        assertThat(Keyset.of(null, null).afterAs(Integer::parseInt, 7)).isEqualTo(7);
        assertThat(Keyset.of(null, null).afterOr("")).isEmpty();
    }

    @Test
    void theLastPageHasNoToken() {
        Page<String> page = Keyset.of(3, null).page(List.of("a", "b", "c"), s -> s);
        assertThat(page.items()).containsExactly("a", "b", "c");
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void aFullPageWithOneMoreRowNamesTheLastRowShown() {
        Page<String> page = Keyset.of(2, null).page(List.of("a", "b", "c"), s -> s, shown -> shown.stream()
                .map(String::toUpperCase).toList());
        assertThat(page.items()).containsExactly("A", "B");
        assertThat(Keyset.of(2, page.nextToken()).after()).isEqualTo("b");
    }

    /** Walking every page of a sorted set with the keyset returns each element once, in order (seeded, printed). */
    @Test
    void pagingThroughASetVisitsEveryRowOnce() {
        long seed = new Random().nextLong();
        System.out.println("KeysetTest seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            TreeSet<String> rows = new TreeSet<>();
            int count = random.nextInt(250);
            while (rows.size() < count) {
                rows.add(Integer.toString(random.nextInt(1_000_000), 36));
            }
            int maxResults = 1 + random.nextInt(100);
            List<String> seen = new ArrayList<>();
            String token = null;
            do {
                Keyset keyset = Keyset.of(maxResults, token);
                List<String> read = rows.tailSet(keyset.afterOr(""), false).stream().limit(keyset.limit()).toList();
                Page<String> page = keyset.page(read, s -> s);
                assertThat(page.items()).hasSizeLessThanOrEqualTo(maxResults);
                seen.addAll(page.items());
                token = page.nextToken();
            } while (token != null);
            assertThat(seen).as("seed %d round %d", seed, round).containsExactlyElementsOf(rows);
        }
    }
}
